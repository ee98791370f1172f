import { validationError } from "../http/aws-error.js";
import type { AnyRequest } from "../http/exchange.js";
import { isJsonObject } from "../models/model-turn.js";
import {
  type ConstraintViolation,
  enumViolation,
  throwIfViolations,
} from "../validation/constraint-violations.js";

/** `X-Amzn-Bedrock-Trace`: InvokeModel's trace switch, in upper case unlike Converse's `guardrailConfig.trace`. */
export type InvokeTrace = "ENABLED" | "DISABLED" | "ENABLED_FULL";

/** The request headers of InvokeModel and InvokeModelWithResponseStream, read and checked. */
export interface InvokeHeaders {
  contentType: string | undefined;
  /** `Accept` (InvokeModel) or `X-Amzn-Bedrock-Accept` (the stream). */
  accept: string | undefined;
  trace: InvokeTrace | undefined;
  guardrail: { identifier: string; version: string } | undefined;
  performanceConfigLatency: "standard" | "optimized" | undefined;
  serviceTier: "default" | "flex" | "priority" | "reserved" | undefined;
  requestMetadata: Record<string, string> | undefined;
}

const TRACES = ["ENABLED", "DISABLED", "ENABLED_FULL"] as const;
const LATENCIES = ["standard", "optimized"] as const;
const SERVICE_TIERS = ["default", "flex", "priority", "reserved"] as const;

/** RequestMetadata's shape in the Bedrock Runtime model: at most 16 entries, keys 1-256 and values 0-256 characters. */
const METADATA_MAX_ENTRIES = 16;
const METADATA_MAX_LENGTH = 256;
const METADATA_CHARACTERS = /^[a-zA-Z0-9\s:_@$#=/+,\-.]*$/;

/**
 * Reads the headers the SDK binds InvokeModel's members to. Enum members are checked as AWS's request
 * validation checks them (one ValidationException listing every violation); the guardrail headers come
 * both or neither; the request metadata must be a JSON object of strings within RequestMetadata's limits.
 */
export function readInvokeHeaders(request: AnyRequest, stream: boolean): InvokeHeaders {
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value.join(", ") : value;
  };
  const trace = header("x-amzn-bedrock-trace");
  const latency = header("x-amzn-bedrock-performanceconfig-latency");
  const serviceTier = header("x-amzn-bedrock-service-tier");
  const violations: ConstraintViolation[] = [
    ...enumViolation(trace, "trace", TRACES),
    ...enumViolation(latency, "performanceConfigLatency", LATENCIES),
    ...enumViolation(serviceTier, "serviceTier", SERVICE_TIERS),
  ];
  throwIfViolations(violations);

  const identifier = header("x-amzn-bedrock-guardrailidentifier");
  const version = header("x-amzn-bedrock-guardrailversion");
  if (identifier !== undefined && version === undefined)
    throw validationError("Guardrail version is required when a guardrail identifier is provided.");
  if (identifier === undefined && version !== undefined)
    throw validationError("Guardrail identifier is required when a guardrail version is provided.");

  const metadata = header("x-amzn-bedrock-request-metadata");
  return {
    contentType: header("content-type"),
    accept: header(stream ? "x-amzn-bedrock-accept" : "accept"),
    trace: trace as InvokeTrace | undefined,
    guardrail: identifier !== undefined && version !== undefined ? { identifier, version } : undefined,
    performanceConfigLatency: latency as InvokeHeaders["performanceConfigLatency"],
    serviceTier: serviceTier as InvokeHeaders["serviceTier"],
    requestMetadata: metadata === undefined ? undefined : parseRequestMetadata(metadata),
  };
}

/** The headers AWS echoes on the response: the performance setting and service tier the request asked for. */
export function echoedHeaders(headers: InvokeHeaders): Record<string, string> {
  return {
    ...(headers.performanceConfigLatency
      ? { "x-amzn-bedrock-performanceconfig-latency": headers.performanceConfigLatency }
      : {}),
    ...(headers.serviceTier ? { "x-amzn-bedrock-service-tier": headers.serviceTier } : {}),
  };
}

/** `X-Amzn-Bedrock-Request-Metadata`: a JSON object of string keys and values, as Converse's `requestMetadata`. */
export function parseRequestMetadata(raw: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidMetadata("it is not valid JSON");
  }
  if (!isJsonObject(parsed))
    throw invalidMetadata("it must be a JSON object of string keys and string values");
  const entries = Object.entries(parsed);
  if (entries.length > METADATA_MAX_ENTRIES)
    throw invalidMetadata(`it has ${entries.length} entries; at most ${METADATA_MAX_ENTRIES} are allowed`);
  for (const [key, value] of entries) {
    if (typeof value !== "string") throw invalidMetadata(`the value of key '${key}' is not a string`);
    if (key.length < 1 || key.length > METADATA_MAX_LENGTH)
      throw invalidMetadata(`key '${key}' must be 1 to ${METADATA_MAX_LENGTH} characters long`);
    if (value.length > METADATA_MAX_LENGTH)
      throw invalidMetadata(
        `the value of key '${key}' must be at most ${METADATA_MAX_LENGTH} characters long`,
      );
    if (!METADATA_CHARACTERS.test(key))
      throw invalidMetadata(`key '${key}' must satisfy the pattern [a-zA-Z0-9\\s:_@$#=/+,-.]{1,256}`);
    if (!METADATA_CHARACTERS.test(value))
      throw invalidMetadata(
        `the value of key '${key}' must satisfy the pattern [a-zA-Z0-9\\s:_@$#=/+,-.]{0,256}`,
      );
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

function invalidMetadata(reason: string) {
  return validationError(`The X-Amzn-Bedrock-Request-Metadata header is invalid: ${reason}.`);
}
