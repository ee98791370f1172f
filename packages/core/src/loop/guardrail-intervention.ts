// The guardrail types live in ../guardrails/; this path stays for the modules that import it from here.
export type {
  GuardrailFinding,
  GuardrailIntervention,
  GuardrailPolicy,
  GuardrailVerdict,
  ModelGuardrailIntervention,
  ToolGuardrailIntervention,
} from "../guardrails/guardrail-intervention.js";
