import type { LodeError } from "@lode/core";
import type { ReportedError } from "../protocol/reports.js";

/** What the AWS SDK puts on its exceptions: the response's metadata. */
interface AwsMetadata {
  requestId?: unknown;
  httpStatusCode?: unknown;
}

/**
 * A failed model call's error as the studio shows it: Lode's code and message, and, when the cause is the
 * AWS SDK's exception, Bedrock's request id, the HTTP status and the exception's name.
 */
export function reportedError(error: LodeError | Error | unknown): ReportedError {
  const lode = error as Partial<LodeError> | undefined;
  const reported: ReportedError = {
    code: typeof lode?.code === "string" ? lode.code : "unknown",
    message: typeof lode?.message === "string" ? lode.message : String(error),
  };
  if (typeof lode?.requestId === "string") reported.requestId = lode.requestId;
  const cause = (error as { cause?: unknown } | undefined)?.cause as
    | { name?: unknown; $metadata?: AwsMetadata }
    | undefined;
  const metadata = cause && typeof cause === "object" ? cause.$metadata : undefined;
  if (metadata && typeof metadata === "object") {
    if (reported.requestId === undefined && typeof metadata.requestId === "string")
      reported.requestId = metadata.requestId;
    if (typeof metadata.httpStatusCode === "number") reported.httpStatus = metadata.httpStatusCode;
    if (typeof cause?.name === "string") reported.awsName = cause.name;
  }
  return reported;
}
