/**
 * The exceptions Bedrock Runtime raises, with the HTTP status AWS answers each with.
 * The SDK picks its typed exception class from the `x-amzn-ErrorType` header, so the name is what matters.
 */
export const AWS_ERROR_STATUS = {
  ValidationException: 400,
  ServiceQuotaExceededException: 400,
  SerializationException: 400,
  AccessDeniedException: 403,
  ExpiredTokenException: 403,
  UnrecognizedClientException: 403,
  InvalidSignatureException: 403,
  IncompleteSignatureException: 400,
  ResourceNotFoundException: 404,
  UnknownOperationException: 404,
  ModelTimeoutException: 408,
  ConflictException: 409,
  RequestEntityTooLargeException: 413,
  ModelErrorException: 424,
  ThrottlingException: 429,
  ModelNotReadyException: 429,
  InternalServerException: 500,
  ServiceUnavailableException: 503,
} as const;

/** An exception name bedrock-local can answer with. */
export type AwsErrorName = keyof typeof AWS_ERROR_STATUS;

/** Errors from the credential layer live in the coral service namespace, the rest in Bedrock's own. */
const CORAL_SERVICE_ERRORS = new Set<AwsErrorName>([
  "ExpiredTokenException",
  "UnknownOperationException",
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "IncompleteSignatureException",
]);

/** How an error's answer differs from the usual one, for the few answers AWS shapes otherwise. */
export interface AwsErrorWire {
  /** Answer from the credential layer's namespace even when the name is one Bedrock also uses. */
  coralNamespace?: boolean;
  /** The body member holding the message: a few answers of the credential layer spell it `Message`. @default "message" */
  messageMember?: "message" | "Message";
}

/** An error that becomes an AWS-shaped error response (or an in-stream exception frame). */
export class AwsError extends Error {
  override readonly name: AwsErrorName;
  readonly status: number;
  readonly messageMember: "message" | "Message";
  readonly #coralNamespace: boolean;

  constructor(name: AwsErrorName, message: string, status?: number, wire: AwsErrorWire = {}) {
    super(message);
    this.name = name;
    this.status = status ?? AWS_ERROR_STATUS[name];
    this.messageMember = wire.messageMember ?? "message";
    this.#coralNamespace = wire.coralNamespace ?? CORAL_SERVICE_ERRORS.has(name);
  }

  /** The value AWS sends in `x-amzn-ErrorType`. */
  get errorTypeHeader(): string {
    const namespace = this.#coralNamespace ? "com.amazon.coral.service" : "com.amazon.bedrock";
    return `${this.name}:http://internal.amazon.com/coral/${namespace}/`;
  }
}

/** `validationError("...")`: the error agents meet most, kept short at call sites. */
export function validationError(message: string): AwsError {
  return new AwsError("ValidationException", message);
}

export function isAwsErrorName(value: string): value is AwsErrorName {
  return Object.hasOwn(AWS_ERROR_STATUS, value);
}
