import type { AgentEvent } from "../contracts/agent-event.js";
import type { GuardrailIntervention } from "../contracts/guardrail-intervention.js";
import { LodeError, type LodeErrorCode } from "../errors/lode-error.js";
import { mayHoldBytes, replaceBytes, reviveBytes } from "./json-bytes.js";

/** Event types whose fields can hold bytes or errors: only these pay for the replacer. */
const NEEDS_REPLACER = new Set<string>([
  "run-start",
  "reasoning-redacted",
  "image",
  "tool-progress",
  "tool-result",
  "message",
  "guardrail",
  "run-end",
  "run-error",
]);

/**
 * An event as one line of JSON, for Server-Sent Events, WebSockets or logs. Bytes (redacted reasoning,
 * image and document bytes inside messages) become `{ "$bytes": "<base64>" }`; an error (the `error` of
 * `run-error`) becomes `{ name, message, code }` (plus `requestId` and `retryable` when set), its cause left
 * out. Guardrail events lose the text their findings matched (see `withoutMatchedText`). `parseAgentEvent`
 * reads it back.
 */
export function stringifyAgentEvent(event: AgentEvent): string {
  const wire = withoutMatchedText(event);
  return NEEDS_REPLACER.has(wire.type) ? JSON.stringify(wire, toJsonSafe) : JSON.stringify(wire);
}

/**
 * The event as it may leave the server: the interventions of a `guardrail` event, and those `run-end`'s
 * result repeats, lose what their findings matched (see `safeIntervention`). Other events pass as they are.
 */
function withoutMatchedText(event: AgentEvent): AgentEvent {
  if (event.type === "guardrail") return { ...event, intervention: safeIntervention(event.intervention) };
  if (event.type !== "run-end") return event;
  const { result } = event;
  if (result.guardrailInterventions.length === 0) return event;
  return {
    ...event,
    result: {
      ...result,
      guardrail: result.guardrail && safeIntervention(result.guardrail),
      guardrailInterventions: result.guardrailInterventions.map(safeIntervention),
    },
  };
}

/**
 * An intervention as it may leave the server: findings keep their policy, type and action but lose the
 * matched text, and Bedrock's raw trace and assessments are left out. A masked tool result's original
 * e-mail address, say, must not reach a browser or a log through the event that reports its masking.
 */
function safeIntervention<T extends GuardrailIntervention>(intervention: T): T {
  const findings = intervention.findings.map((finding) => {
    if (!("match" in finding)) return finding;
    const { match: _matched, ...rest } = finding;
    return rest;
  });
  return (
    intervention.origin === "model"
      ? { ...intervention, findings, trace: undefined }
      : { ...intervention, findings, assessments: [] }
  ) as T;
}

/**
 * An event from `stringifyAgentEvent`'s JSON: `{ "$bytes": … }` back to `Uint8Array`, and the `error` of
 * `run-error` back to a `LodeError` (without its cause). Throws `SyntaxError` on text that is not JSON.
 */
export function parseAgentEvent(json: string): AgentEvent {
  const event = (mayHoldBytes(json) ? JSON.parse(json, reviveBytes) : JSON.parse(json)) as AgentEvent;
  if (typeof event !== "object" || event === null || typeof event.type !== "string")
    throw new SyntaxError("An agent event is a JSON object with a string `type`.");
  if (event.type === "run-error") event.error = reviveError(event.error, event.code, event.message);
  return event;
}

/** The JSON form of an error: what a client can act on, nothing from the server's internals. */
interface ErrorJson {
  name: string;
  message: string;
  code?: string;
  requestId?: string;
  retryable?: boolean;
}

function toJsonSafe(this: unknown, key: string, value: unknown): unknown {
  const replaced = replaceBytes.call(this, key, value);
  if (replaced !== value) return replaced;
  if (value instanceof Error) return errorToJson(value);
  return value;
}

function errorToJson(error: Error): ErrorJson {
  const { code, requestId, retryable } = error as {
    code?: unknown;
    requestId?: unknown;
    retryable?: unknown;
  };
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === "string" ? { code } : {}),
    ...(typeof requestId === "string" ? { requestId } : {}),
    ...(typeof retryable === "boolean" ? { retryable } : {}),
  };
}

function reviveError(value: unknown, code: LodeErrorCode, message: string): LodeError {
  const json = (typeof value === "object" && value !== null ? value : {}) as Partial<ErrorJson>;
  return new LodeError((json.code as LodeErrorCode | undefined) ?? code, json.message ?? message, {
    ...(json.requestId !== undefined ? { requestId: json.requestId } : {}),
    ...(json.retryable !== undefined ? { retryable: json.retryable } : {}),
  });
}

/** `value` as plain JSON data: bytes as `{ "$bytes": … }`, errors as `{ name, message, code }`. */
export function toJsonData(value: unknown): unknown {
  const json = JSON.stringify(value, toJsonSafe);
  return json === undefined ? undefined : JSON.parse(json);
}
