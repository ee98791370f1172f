import type {
  GuardrailAssessment,
  GuardrailChecksResults,
  GuardrailTraceAssessment,
} from "@aws-sdk/client-bedrock-runtime";

/** The guardrail policy a finding comes from, named as Bedrock's console names them. */
export type GuardrailPolicy =
  | "content"
  | "denied-topic"
  | "word"
  | "sensitive-information"
  | "contextual-grounding"
  | "automated-reasoning";

/**
 * What the guardrail did about one finding: `"blocked"` the whole content, `"masked"` the match, or only
 * `"detected"` it (a policy in detect mode, or an automated-reasoning finding, which never acts).
 */
export type GuardrailFindingAction = "blocked" | "masked" | "detected";

/** A content filter (hate, insults, sexual, violence, misconduct, prompt attack) that fired. */
export interface ContentFilterFinding {
  policy: "content";
  /** Bedrock's filter type, e.g. `"HATE"` or `"PROMPT_ATTACK"`. */
  type: string;
  /** How sure the filter is: `"LOW"`, `"MEDIUM"` or `"HIGH"`. */
  confidence?: string;
  /** InvokeGuardrailChecks' severity score (0 to 1), and the threshold it reached. */
  score?: number;
  threshold?: number;
  action: GuardrailFindingAction;
}

/** A denied topic the content is about. */
export interface DeniedTopicFinding {
  policy: "denied-topic";
  /** The topic's name in the guardrail's definition. */
  name: string;
  action: GuardrailFindingAction;
}

/** A blocked word: a custom word, or one of a managed list (`managedWordList`, e.g. `"PROFANITY"`). */
export interface WordFinding {
  policy: "word";
  /** The word or phrase that matched; left out of events sent over the wire (`stringifyAgentEvent`). */
  match?: string;
  managedWordList?: string;
  action: GuardrailFindingAction;
}

/** A PII entity found by the sensitive-information policy. */
export interface PiiFinding {
  policy: "sensitive-information";
  kind: "pii";
  /** Bedrock's entity type, e.g. `"EMAIL"`, `"PHONE"`, `"CREDIT_DEBIT_CARD_NUMBER"`. */
  type: string;
  /** The text that matched; left out of events sent over the wire (`stringifyAgentEvent`). */
  match?: string;
  action: GuardrailFindingAction;
}

/** A match of one of the sensitive-information policy's regular expressions. */
export interface RegexFinding {
  policy: "sensitive-information";
  kind: "regex";
  /** The regex's name in the guardrail's definition. */
  name: string;
  /** The text that matched; left out of events sent over the wire (`stringifyAgentEvent`). */
  match?: string;
  action: GuardrailFindingAction;
}

/** A contextual-grounding check (`"GROUNDING"` or `"RELEVANCE"`) whose score fell below its threshold. */
export interface ContextualGroundingFinding {
  policy: "contextual-grounding";
  type: string;
  score?: number;
  threshold?: number;
  action: GuardrailFindingAction;
}

/** An automated-reasoning check that did not find the content valid. */
export interface AutomatedReasoningFinding {
  policy: "automated-reasoning";
  /** Bedrock's finding kind: `"invalid"`, `"satisfiable"`, `"impossible"`, `"translationAmbiguous"`, … */
  result: string;
  action: GuardrailFindingAction;
}

/** One thing a guardrail found, discriminated by `policy` (and `kind` for sensitive information). */
export type GuardrailFinding =
  | ContentFilterFinding
  | DeniedTopicFinding
  | WordFinding
  | PiiFinding
  | RegexFinding
  | ContextualGroundingFinding
  | AutomatedReasoningFinding;

/**
 * What a guardrail decided about one piece of content. `action` is `"blocked"` when any finding blocked
 * (the content was replaced by the guardrail's message), `"masked"` when findings only masked matches, and
 * `"unknown"` when Bedrock gave no findings to tell (a model's output with the trace off).
 */
export interface GuardrailVerdict {
  action: "blocked" | "masked" | "unknown";
  /** The policies with findings, in the order Bedrock reports them, each once. */
  policies: GuardrailPolicy[];
  findings: GuardrailFinding[];
}

/** Fields every intervention carries. */
export interface GuardrailInterventionBase extends GuardrailVerdict {
  /**
   * For the model: its `"input"` (the request's messages) or its `"output"` (the answer). For a tool: the
   * tool's input (written by the model) or its output (read by the model).
   */
  side: "input" | "output";
  /** The guardrail's identifier, when Lode configured it (unset for a raw `guardrailConfig`). */
  guardrailId?: string;
  guardrailVersion?: string;
}

/**
 * A guardrail's intervention in a model call (the request's `guardrailConfig`), read from the stop reason
 * `guardrail_intervened` or `content_filtered`.
 *
 * With the trace on, `side`, `action` and `findings` come from Bedrock's assessments (`basis: "trace"`):
 * a blocked input wins, then the output's findings, then an input that was only masked. With the trace off
 * (or a trace with no findings) the side is inferred (`basis: "inferred"`): a blocked input never reaches
 * the model, so an answer of at most one text block (the guardrail's message) with 0 output tokens means
 * the input was blocked; anything else means the output was blocked or masked, which cannot be told apart
 * (`action: "unknown"`).
 */
export interface ModelGuardrailIntervention extends GuardrailInterventionBase {
  origin: "model";
  stopReason: "guardrail_intervened" | "content_filtered";
  basis: "trace" | "inferred";
  /**
   * Bedrock's trace, when the guardrail's trace was on, without its `modelOutput`: that is the model's
   * answer before the guardrail blocked or masked it, and events travel to places (a browser, logs) where
   * it must not. Findings still name what matched.
   */
  trace: GuardrailTraceAssessment | undefined;
  /** Whether Lode replaced the intervened content in the history with a placeholder (`onIntervention`). */
  redacted: boolean;
  /**
   * What the history keeps in place of the intervened content, when `redacted`. The user was streamed
   * the guardrail's answer (`result.text`); a later turn's model reads this instead.
   */
  placeholder?: string;
}

/**
 * A tool guardrail's intervention: ApplyGuardrail (or InvokeGuardrailChecks) on a tool's input before it
 * ran, or on its output.
 */
export interface ToolGuardrailIntervention extends GuardrailInterventionBase {
  origin: "tool";
  toolUseId: string;
  toolName: string;
  /** Which operation checked the call: a guardrail resource, or inline checks with Lode's thresholds. */
  check: "apply-guardrail" | "checks";
  /** ApplyGuardrail's assessments as they were sent (none for inline checks). */
  assessments: GuardrailAssessment[];
  /** InvokeGuardrailChecks' scores as they were sent (inline checks only). */
  checkResults?: GuardrailChecksResults;
}

/**
 * A guardrail's intervention in a run, on a model call (`origin: "model"`) or a tool call
 * (`origin: "tool"`). Plain data: it serializes as JSON and travels in `guardrail` events.
 */
export type GuardrailIntervention = ModelGuardrailIntervention | ToolGuardrailIntervention;
