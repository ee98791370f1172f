import type { JsonObject } from "../models/model-turn.js";
import { throwIfViolations } from "../validation/constraint-violations.js";
import { checkBody } from "../validation/schema/check-body.js";
import { inputShape } from "../validation/schema/sdk-shapes.js";
import type { AsyncInvokeTag, S3OutputDataConfig, StartAsyncInvokeRequest } from "./async-invoke-job.js";

/**
 * Checks a StartAsyncInvoke body against the SDK's shape of its input and the constraints AWS's model
 * states for it (`MEMBER_RULES`), reporting every broken constraint in one ValidationException (a member
 * of the wrong JSON type is a SerializationException), and returns the request typed.
 */
export function validateStartRequest(body: JsonObject): StartAsyncInvokeRequest {
  throwIfViolations(checkBody(body, inputShape("StartAsyncInvoke")));
  const { clientRequestToken, modelId, modelInput, outputDataConfig, tags } = body as {
    clientRequestToken?: string;
    modelId: string;
    modelInput: unknown;
    outputDataConfig: { s3OutputDataConfig: S3OutputDataConfig };
    tags?: AsyncInvokeTag[];
  };
  const { s3Uri, kmsKeyId, bucketOwner } = outputDataConfig.s3OutputDataConfig;
  return {
    ...(clientRequestToken !== undefined ? { clientRequestToken } : {}),
    modelId,
    modelInput,
    s3OutputDataConfig: {
      s3Uri,
      ...(kmsKeyId !== undefined ? { kmsKeyId } : {}),
      ...(bucketOwner !== undefined ? { bucketOwner } : {}),
    },
    ...(tags ? { tags: tags.map(({ key, value }) => ({ key, value })) } : {}),
  };
}
