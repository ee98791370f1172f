import { type ConstraintViolation, enumConstraint } from "../constraint-violations.js";
import type { MemberRule } from "./member-rules.js";

/**
 * The constraints of `rule` that `value` (already of the right JSON type) breaks, worded as AWS words them;
 * the caller adds the path.
 */
export function ruleViolations(
  value: unknown,
  rule: MemberRule,
  sensitive: boolean,
): Omit<ConstraintViolation, "path">[] {
  const shown = sensitive || rule.hidden || typeof value === "object" ? undefined : String(value);
  const violations: Omit<ConstraintViolation, "path">[] = [];
  const broken = (constraint: string) => violations.push({ value: shown, constraint });

  if (rule.enum && typeof value === "string" && !Object.values(rule.enum).includes(value))
    broken(enumConstraint(Object.values(rule.enum)));
  if (rule.pattern && typeof value === "string" && !anchored(rule.pattern).test(value))
    broken(`Member must satisfy regular expression pattern: ${rule.pattern}`);

  const length = lengthOf(value);
  if (rule.length && length !== undefined) {
    const { min, max } = rule.length;
    if (min !== undefined && length < min) broken(`Member must have length greater than or equal to ${min}`);
    if (max !== undefined && length > max) broken(`Member must have length less than or equal to ${max}`);
  }
  if (rule.range && typeof value === "number") {
    const { min, max } = rule.range;
    if (min !== undefined && value < min) broken(`Member must have value greater than or equal to ${min}`);
    if (max !== undefined && value > max) broken(`Member must have value less than or equal to ${max}`);
  }
  return violations;
}

/** A string's characters (a blob's base64 text: the rules only ask that it not be empty), a list's items, a map's entries. */
function lengthOf(value: unknown): number | undefined {
  if (typeof value === "string") return value.length;
  if (Array.isArray(value)) return value.length;
  if (typeof value === "object" && value !== null) return Object.keys(value).length;
  return undefined;
}

const compiledPatterns = new Map<string, RegExp>();

/** A rule's pattern as a regular expression that must match the whole value, compiled once. */
function anchored(pattern: string): RegExp {
  let regExp = compiledPatterns.get(pattern);
  if (!regExp) {
    regExp = new RegExp(`^(?:${pattern})$`);
    compiledPatterns.set(pattern, regExp);
  }
  return regExp;
}
