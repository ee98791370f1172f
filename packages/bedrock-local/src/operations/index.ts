import { applyGuardrail } from "./apply-guardrail.js";
import { converse } from "./converse.js";
import { converseStream } from "./converse-stream.js";
import { countTokens } from "./count-tokens.js";
import type { Operation } from "./operation.js";

/** Every operation bedrock-local serves; the router tries them in order. */
export const OPERATIONS: readonly Operation[] = [converse, converseStream, countTokens, applyGuardrail];
