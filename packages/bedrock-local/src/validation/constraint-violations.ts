import { validationError } from "../http/aws-error.js";

/**
 * One failed model constraint, reported the way AWS's request validation does before Bedrock looks at
 * the request: `Value 'x' at 'toolConfig.tools.1.member.toolSpec.name' failed to satisfy constraint: …`.
 * Paths count list members from 1 (`messages.1.member` is the first message).
 */
export interface ConstraintViolation {
  path: string;
  /** The offending value; `null` prints as `null`; `undefined` hides it, as AWS does for sensitive fields. */
  value: string | null | undefined;
  constraint: string;
}

export const NOT_NULL = "Member must not be null";
export const MIN_LENGTH_1 = "Member must have length greater than or equal to 1";

/**
 * The violation of a value outside the enum `allowed`, or none. An absent value (undefined or null) breaks
 * no enum: a required member reports `NOT_NULL` itself.
 */
export function enumViolation(
  value: unknown,
  path: string,
  allowed: readonly string[],
): ConstraintViolation[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "string" && allowed.includes(value)) return [];
  return [{ path, value: String(value), constraint: enumConstraint(allowed) }];
}

/** AWS's words for an enum constraint, listing the allowed values in their declared order. */
export function enumConstraint(allowed: readonly string[]): string {
  return `Member must satisfy enum value set: [${allowed.join(", ")}]`;
}

/** Throws the single ValidationException that lists every violation, as AWS does. */
export function throwIfViolations(violations: ConstraintViolation[]): void {
  if (violations.length === 0) return;
  const count = violations.length;
  const details = violations.map(describeViolation).join("; ");
  throw validationError(`${count} validation error${count === 1 ? "" : "s"} detected: ${details}`);
}

/** One violation as AWS words it inside a ValidationException's message. */
export function describeViolation({ path, value, constraint }: ConstraintViolation): string {
  const shown = value === undefined ? "" : value === null ? " null" : ` '${value}'`;
  return `Value${shown} at '${path}' failed to satisfy constraint: ${constraint}`;
}
