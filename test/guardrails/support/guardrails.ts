import type { BedrockLocal, GuardrailDefinition } from "@lode/bedrock-local";
import type { AgentEvent, GuardrailIntervention } from "@lode/core";
import type { RequestBody } from "../../support/scripted-agent.js";

/** A guardrail like a support desk's: no investing advice, no "confidential", emails masked, cards blocked. */
export const SUPPORT_GUARDRAIL: GuardrailDefinition = {
  id: "support",
  versions: ["DRAFT", "1"],
  blockedInputMessaging: "I can't help with that.",
  blockedOutputsMessaging: "I can't share that.",
  deniedTopics: [{ name: "Investing", definition: "Advice on buying securities", keywords: ["stock tips"] }],
  words: ["confidential"],
  piiEntities: [
    { type: "EMAIL", action: "ANONYMIZE" },
    { type: "CREDIT_DEBIT_CARD_NUMBER", action: "BLOCK" },
  ],
};

/** The `guardrail` events' interventions, in order. */
export function interventionsOf(events: AgentEvent[]): GuardrailIntervention[] {
  return events.flatMap((event) => (event.type === "guardrail" ? [event.intervention] : []));
}

/** The ConverseStream request bodies bedrock-local received, in order (ApplyGuardrail calls left out). */
export function converseBodies(server: Pick<BedrockLocal, "requests">): RequestBody[] {
  return server.requests
    .filter((entry) => entry.operation === "ConverseStream")
    .map((entry) => entry.body as RequestBody);
}
