import type { JsonObject } from "../models/model-turn.js";
import type { ReasoningSigner } from "../reasoning/reasoning-signer.js";
import { throwIfViolations } from "./constraint-violations.js";
import { messageViolations, readMessages, validateConversation } from "./validate-messages.js";
import { validateReasoning } from "./validate-reasoning.js";
import { systemViolations, validateSystemBlocks, validateSystemText } from "./validate-system.js";
import { toolConfigViolations, validateToolChoice, validateToolConfig } from "./validate-tool-config.js";
import { validateToolPairing } from "./validate-tool-pairing.js";

/**
 * Rejects a Converse request (or CountTokens' `input.converse`) the way Bedrock would, throwing a
 * ValidationException with Bedrock's message. The checks run in Bedrock's layers: AWS's request
 * validation (every violation in one message), then Bedrock's checks of the conversation, then what
 * the model itself refuses and Bedrock relays.
 */
export function validateConverseRequest(body: JsonObject, options: { signer: ReasoningSigner }): void {
  const messages = readMessages(body);
  throwIfViolations([
    ...messageViolations(messages),
    ...systemViolations(body.system),
    ...toolConfigViolations(body.toolConfig),
  ]);

  const conversation = validateConversation(messages);
  validateSystemBlocks(body.system);
  validateToolConfig(body.toolConfig, conversation);
  validateToolPairing(conversation);

  validateToolChoice(body.toolConfig);
  validateSystemText(body.system);
  validateReasoning(body, conversation, options.signer);
}
