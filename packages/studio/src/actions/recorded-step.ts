import type { ConverseStreamRequest } from "@aws-sdk/client-bedrock-runtime";
import type { LodeErrorCode } from "@lode/core";
import type { ReportedError } from "../protocol/reports.js";
import type { StepRecord } from "../protocol/run-record.js";
import { decodeConverseAnswer, decodeStreamAnswer } from "./decode-answer.js";
import { decodeEventStream } from "./decode-event-stream.js";
import { converseTarget, type RecordedInteraction } from "./recording-file.js";

/** AWS exception names and the Lode error code each becomes (as core classifies them). */
const CODES: Record<string, LodeErrorCode> = {
  ThrottlingException: "throttled",
  ServiceUnavailableException: "service-unavailable",
  InternalServerException: "service-unavailable",
  ModelErrorException: "model-error",
  ModelTimeoutException: "model-timeout",
  ModelNotReadyException: "model-not-ready",
  ValidationException: "invalid-request",
  AccessDeniedException: "access-denied",
  ExpiredTokenException: "access-denied",
  UnrecognizedClientException: "access-denied",
  ResourceNotFoundException: "not-found",
  ServiceQuotaExceededException: "quota-exceeded",
  ModelStreamErrorException: "model-error",
};

/**
 * One recorded Converse or ConverseStream exchange as a run's step: the request (model id from the path),
 * and the answer decoded from its events or body, or the error Bedrock answered with. Undefined for any
 * other operation (InvokeModel, ApplyGuardrail…), which a run's steps do not show.
 */
export function recordedStep(
  interaction: RecordedInteraction,
  step: number,
  at: number,
): StepRecord | undefined {
  const target = converseTarget(interaction.request.path);
  if (!target) return undefined;
  const { response } = interaction;
  const events =
    response.events ??
    (response.eventstreamBase64
      ? decodeEventStream(Buffer.from(response.eventstreamBase64, "base64"))
      : undefined);
  const headers = lowerCase(response.headers ?? {});
  const requestId = headers["x-amzn-requestid"];
  const record: StepRecord = {
    step,
    agentPath: [],
    modelId: target.modelId,
    startedAt: at,
    endedAt: at,
    retries: [],
    guardrail: [],
  };
  if (interaction.request.body && typeof interaction.request.body === "object")
    record.request = {
      ...(interaction.request.body as object),
      modelId: target.modelId,
    } as ConverseStreamRequest;
  const exception = events?.find((event) => event.headers[":message-type"] === "exception");
  if (response.status >= 400 || exception) {
    const name = exception?.headers[":exception-type"] ?? headers["x-amzn-errortype"]?.split(":")[0];
    record.error = reportedError(name, exception?.payload ?? response.body, response.status, requestId);
    return record;
  }
  const answer = events
    ? decodeStreamAnswer(events)
    : // biome-ignore lint/suspicious/noExplicitAny: a Converse body is read field by field.
      decodeConverseAnswer((response.body ?? {}) as Record<string, any>);
  record.answer = { ...answer, ...(requestId ? { requestId } : {}) };
  return record;
}

function reportedError(
  awsName: string | undefined,
  body: unknown,
  httpStatus: number,
  requestId: string | undefined,
): ReportedError {
  const fields = (body ?? {}) as { message?: unknown; Message?: unknown };
  const message = String(fields.message ?? fields.Message ?? `HTTP ${httpStatus}`);
  return {
    code: (awsName && CODES[awsName]) || "unknown",
    message,
    httpStatus,
    ...(awsName ? { awsName } : {}),
    ...(requestId ? { requestId } : {}),
  };
}

function lowerCase(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
}
