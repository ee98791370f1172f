import { type AwsError, validationError } from "../http/aws-error.js";

/**
 * The ValidationException Bedrock gives when a model-native body fails the model's JSON schema:
 * `Malformed input request: #: required key [max_tokens] not found, please reformat your input and try again.`
 * Each problem is one `#…: …` clause, all of them joined as Bedrock joins them.
 */
export function malformedInput(problems: string[]): AwsError {
  return validationError(
    `Malformed input request: ${problems.join("")}, please reformat your input and try again.`,
  );
}

/** `#: required key [name] not found` for every `required` key the body lacks. */
export function missingKeys(body: Record<string, unknown>, required: readonly string[]): string[] {
  return required.filter((key) => body[key] === undefined).map((key) => `#: required key [${key}] not found`);
}

/** `#: extraneous key [name] is not permitted` for every key the schema does not have. */
export function extraneousKeys(body: Record<string, unknown>, allowed: ReadonlySet<string>): string[] {
  return Object.keys(body)
    .filter((key) => !allowed.has(key))
    .map((key) => `#: extraneous key [${key}] is not permitted`);
}

/** A JSON value's type as Bedrock's schema validation names it (`found: JSONArray`). */
export function jsonTypeName(value: unknown): string {
  if (value === null) return "Null";
  if (Array.isArray(value)) return "JSONArray";
  if (typeof value === "object") return "JSONObject";
  if (typeof value === "number") return Number.isInteger(value) ? "Integer" : "BigDecimal";
  return typeof value === "string" ? "String" : "Boolean";
}
