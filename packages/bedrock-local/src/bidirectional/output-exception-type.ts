import type { StreamExceptionType } from "../faults/fault.js";
import type { AwsError } from "../http/aws-error.js";

const STREAMABLE = new Set<string>([
  "InternalServerException",
  "ModelStreamErrorException",
  "ValidationException",
  "ThrottlingException",
  "ModelTimeoutException",
  "ServiceUnavailableException",
]);

/**
 * The output stream's exception for an error met once the stream has begun. An error the stream has no member
 * for becomes the one of its kind: a client error a validationException, anything else an internalServerException.
 */
export function exceptionTypeFor(error: AwsError): StreamExceptionType {
  if (STREAMABLE.has(error.name))
    return `${error.name[0]?.toLowerCase()}${error.name.slice(1)}` as StreamExceptionType;
  return error.status >= 400 && error.status < 500 ? "validationException" : "internalServerException";
}
