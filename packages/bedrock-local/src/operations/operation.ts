import type { AsyncInvokeStore } from "../async-invoke/async-invoke-store.js";
import type { Fault } from "../faults/fault.js";
import type { FaultPlan } from "../faults/fault-plan.js";
import type { GuardrailChecksScript } from "../guardrail-checks/guardrail-checks-script.js";
import type { GuardrailRegistry } from "../guardrails/guardrail-registry.js";
import type { AnyRequest, AnyResponse } from "../http/exchange.js";
import type { ModelSource, OperationName } from "../models/model-source.js";
import type { JsonObject } from "../models/model-turn.js";
import type { ReasoningSigner } from "../reasoning/reasoning-signer.js";

/** What every operation can reach on the server. */
export interface ServerContext {
  models: ModelSource[];
  signer: ReasoningSigner;
  faults: FaultPlan;
  guardrails: GuardrailRegistry;
  /** How InvokeGuardrailChecks scores content. */
  guardrailChecks: GuardrailChecksScript;
  /** The asynchronous invocations StartAsyncInvoke started, which Get and List read. */
  asyncInvokes: AsyncInvokeStore;
}

/** One request on its way through an operation. */
export interface Exchange {
  /** The operation the request addressed. */
  operation: OperationName;
  request: AnyRequest;
  response: AnyResponse;
  requestId: string;
  requestNumber: number;
  /** The model id, inference profile or ARN (decoded), or the guardrail id. */
  targetId: string;
  /** Path segments after the target, e.g. the guardrail version. */
  rest: string[];
  rawPath: string;
  /** The query parameters (GET operations take their input there). */
  query: URLSearchParams;
  /**
   * The JSON body (for GET operations, the query parameters as an object; for a streamed body, `{}`). The
   * recordings match requests by it.
   */
  body: JsonObject;
  /** The body's bytes as received (empty for a streamed body, which the operation reads itself). */
  rawBody: Buffer;
  /** The fault chosen for this request, if any (already waited for and checked for `error`). */
  fault: Fault | undefined;
  server: ServerContext;
  /** True once the client has gone away. */
  isClosed(): boolean;
}

/**
 * A Bedrock Runtime operation. Adding an operation to bedrock-local is adding a file that exports one
 * of these and listing it in `operations/index.ts`.
 */
export interface Operation {
  name: OperationName;
  /** @default "POST" */
  method?: "POST" | "GET";
  /**
   * How the request body is read before `handle` runs.
   * - `"json"`: whole, and it must be a JSON object (a SerializationException otherwise).
   * - `"bytes"`: whole, as bytes; `body` holds it parsed when it is a JSON object (InvokeModel's body is the
   *   model's own format, which the operation checks).
   * - `"stream"`: not at all; the operation reads `request` as it arrives.
   * @default "json"
   */
  requestBody?: "json" | "bytes" | "stream";
  /** Matches the decoded path segments, giving the target id, or undefined when the path is not this operation's. */
  match(segments: string[]): { targetId: string; rest: string[] } | undefined;
  handle(exchange: Exchange): Promise<void>;
}

/** `/model/{modelId}/{suffix}`: the shape of every model operation's path. */
export function modelPath(suffix: string) {
  return (segments: string[]) =>
    segments.length === 3 && segments[0] === "model" && segments[2] === suffix
      ? { targetId: segments[1] as string, rest: [] }
      : undefined;
}
