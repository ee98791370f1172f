import { AwsError } from "../http/aws-error.js";
import type { JsonObject } from "../models/model-turn.js";
import { createReasoningSigner, type ReasoningSigner } from "../reasoning/reasoning-signer.js";
import { validateConverseRequest } from "./validate-converse-request.js";

const testSigner = createReasoningSigner("validation-test");

/** The model the checked requests address unless a test names another: a Claude model. */
export const TEST_MODEL_ID = "us.anthropic.claude-sonnet-4-20250514-v1:0";

/**
 * The ValidationException message `validateConverseRequest` refuses a body with, or undefined when it accepts
 * it. Any other error is thrown on.
 */
export function rejectionMessage(
  body: JsonObject,
  { signer = testSigner, modelId = TEST_MODEL_ID }: { signer?: ReasoningSigner; modelId?: string } = {},
): string | undefined {
  try {
    validateConverseRequest(body, { signer, modelId });
    return undefined;
  } catch (error) {
    if (error instanceof AwsError && error.name === "ValidationException") return error.message;
    throw error;
  }
}

/** The SerializationException message `validateConverseRequest` refuses a body with (AWS's deserializer could not read it). */
export function serializationMessage(body: JsonObject): string | undefined {
  try {
    validateConverseRequest(body, { signer: testSigner, modelId: TEST_MODEL_ID });
    return undefined;
  } catch (error) {
    if (error instanceof AwsError && error.name === "SerializationException") return error.message;
    throw error;
  }
}
