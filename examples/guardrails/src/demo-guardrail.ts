import type { GuardrailDefinition } from "@lode/bedrock-local";

/**
 * The guardrail bedrock-local serves for the demo: a support desk that gives no investing advice, masks
 * email addresses and refuses card numbers. On AWS, create one like it in the Bedrock console.
 */
export const DEMO_GUARDRAIL: GuardrailDefinition = {
  id: "support-desk",
  versions: ["DRAFT", "1"],
  blockedInputMessaging: "I can't help with investing questions.",
  blockedOutputsMessaging: "I can't share that.",
  deniedTopics: [
    {
      name: "Investing",
      definition: "Advice on buying or selling securities",
      keywords: ["stock tips", "which shares"],
    },
  ],
  words: ["confidential"],
  piiEntities: [
    { type: "EMAIL", action: "ANONYMIZE" },
    { type: "CREDIT_DEBIT_CARD_NUMBER", action: "BLOCK" },
  ],
};
