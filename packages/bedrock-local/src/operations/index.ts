import { applyGuardrail } from "./apply-guardrail.js";
import { converse } from "./converse.js";
import { converseStream } from "./converse-stream.js";
import { countTokens } from "./count-tokens.js";
import { getAsyncInvoke } from "./get-async-invoke.js";
import { invokeGuardrailChecks } from "./invoke-guardrail-checks.js";
import { invokeModel } from "./invoke-model.js";
import { invokeModelWithBidirectionalStream } from "./invoke-model-with-bidirectional-stream.js";
import { invokeModelWithResponseStream } from "./invoke-model-with-response-stream.js";
import { listAsyncInvokes } from "./list-async-invokes.js";
import type { Operation } from "./operation.js";
import { startAsyncInvoke } from "./start-async-invoke.js";

/** Every operation bedrock-local serves: all of Bedrock Runtime's. The router tries them in order. */
export const OPERATIONS: readonly Operation[] = [
  converse,
  converseStream,
  countTokens,
  applyGuardrail,
  invokeGuardrailChecks,
  invokeModel,
  invokeModelWithResponseStream,
  invokeModelWithBidirectionalStream,
  startAsyncInvoke,
  getAsyncInvoke,
  listAsyncInvokes,
];
