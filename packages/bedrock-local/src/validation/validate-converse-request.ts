import type { JsonObject } from "../models/model-turn.js";
import type { ReasoningSigner } from "../reasoning/reasoning-signer.js";
import { throwIfViolations } from "./constraint-violations.js";
import { checkBody } from "./schema/check-body.js";
import { type CheckedOperation, inputShape } from "./schema/sdk-shapes.js";
import { validateModelContent, validateToolUseInputs } from "./validate-content-blocks.js";
import { readMessages, validateConversation } from "./validate-messages.js";
import { validateReasoning } from "./validate-reasoning.js";
import { validateSystemText } from "./validate-system.js";
import { validateThinkingBudget } from "./validate-thinking-budget.js";
import { validateToolChanges, validateToolChoice, validateToolConfig } from "./validate-tool-config.js";
import { validateToolPairing } from "./validate-tool-pairing.js";
import { validateToolSchemas } from "./validate-tool-schemas.js";

/**
 * Rejects a Converse request (or CountTokens' `input.converse`) the way Bedrock would, throwing a
 * ValidationException with Bedrock's message. The checks run in Bedrock's layers: AWS's request
 * validation (every violation in one message), then Bedrock's checks of the conversation, then what
 * the model itself refuses and Bedrock relays. The first layer is the SDK's own model of the operation's
 * input with the documented constraints (`checkBody`).
 */
export function validateConverseRequest(
  body: JsonObject,
  options: {
    signer: ReasoningSigner;
    /**
     * The model id, inference profile or ARN the request addresses: reasoning sent back must be its own. Without
     * it (a caller timing the checks alone), reasoning is judged as a script's own model id's would be, bound
     * to no Bedrock model.
     * @default ""
     */
    modelId?: string;
    operation?: Extract<CheckedOperation, `Converse${string}`>;
  },
): void {
  throwIfViolations(checkBody(body, inputShape(options.operation ?? "Converse")));
  const messages = readMessages(body);

  const conversation = validateConversation(messages);
  validateToolUseInputs(conversation);
  validateToolConfig(body.toolConfig, conversation);
  validateToolChanges(messages, body.toolConfig);
  validateToolPairing(conversation);

  validateThinkingBudget(body);
  validateToolChoice(body.toolConfig);
  validateToolSchemas(body.toolConfig);
  validateSystemText(body.system);
  validateModelContent(conversation);
  validateReasoning(body, conversation, { signer: options.signer, modelId: options.modelId ?? "" });
}
