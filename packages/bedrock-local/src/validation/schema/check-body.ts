import { AwsError } from "../../http/aws-error.js";
import { isJsonObject } from "../../models/model-turn.js";
import { unknownBlock } from "../bedrock-messages.js";
import { type ConstraintViolation, NOT_NULL } from "../constraint-violations.js";
import { type CompiledShape, compileShape } from "./compiled-shape.js";
import type { MemberRule } from "./member-rules.js";
import { ruleViolations } from "./rule-violations.js";
import type { Shape } from "./sdk-shapes.js";

/** Marks a required member (or list item) that is absent: reported in its place among its siblings. */
const ABSENT = Symbol("absent");

/**
 * A value still to be checked, and where it sits: under `parent`, at a member name or map key (a string) or
 * a list index (a number). Paths are spelled out only for a value that is wrong.
 */
interface Pending {
  shape: CompiledShape;
  value: unknown;
  parent: Pending | undefined;
  at: string | number | undefined;
  rule: MemberRule | undefined;
  sensitive: boolean;
}

/**
 * Checks a JSON body against an input shape of the SDK's model, as AWS's front end does before Bedrock
 * reads the request:
 * - a value of the wrong JSON type (a number where a string belongs, text that is not base64 for a blob, a
 *   null member) is unreadable: it throws a SerializationException at once, as AWS's deserializer does;
 * - a union that sets no member, or several, throws the ValidationException Bedrock words for it;
 * - a missing required member, or a value outside its documented constraints (`MEMBER_RULES`), is a
 *   violation: all of them are returned, for one ValidationException that lists every one.
 * Members the SDK does not know are left alone (newer clients may send them). Walks with its own stack: no
 * body, however deep, can overflow the call stack; documents (tool inputs, schemas) are not walked.
 */
export function checkBody(body: unknown, shape: Shape): ConstraintViolation[] {
  const violations: ConstraintViolation[] = [];
  const root: Pending = {
    shape: compileShape(shape),
    value: body,
    parent: undefined,
    at: undefined,
    rule: undefined,
    sensitive: false,
  };
  const pending: Pending[] = [root];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const children = checkValue(next, violations);
    // Pushed in reverse so violations come out in the body's order.
    for (let index = children.length - 1; index >= 0; index--) pending.push(children[index] as Pending);
  }
  return violations;
}

/** Checks one value's type and rule; returns the values inside it still to check. */
function checkValue(item: Pending, violations: ConstraintViolation[]): Pending[] {
  const { shape, value } = item;
  if (value === ABSENT) {
    violations.push({ path: awsPath(item), value: null, constraint: NOT_NULL });
    return [];
  }
  const { kind } = shape;
  if (kind === "document") return [];
  if (!hasJsonType(kind, value)) throw unreadable(item);
  if (item.rule) {
    const broken = ruleViolations(value, item.rule, item.sensitive);
    if (broken.length > 0) {
      const path = awsPath(item);
      for (const violation of broken) violations.push({ path, ...violation });
    }
  }
  switch (kind) {
    case "structure":
      return structureMembers(item, value as Record<string, unknown>);
    case "union":
      return [unionMember(item, value as Record<string, unknown>)];
    case "list":
      return (value as unknown[]).map((entry, index) =>
        child(item, item.shape.item, entry, index, item.rule?.items),
      );
    case "map":
      return mapValues(item, value as Record<string, unknown>, violations);
    default:
      return [];
  }
}

function child(
  parent: Pending,
  shape: CompiledShape | undefined,
  value: unknown,
  at: string | number,
  rule: MemberRule | undefined,
  sensitive = false,
): Pending {
  return {
    shape: shape as CompiledShape,
    value: value === null ? ABSENT : value,
    parent,
    at,
    rule,
    sensitive: parent.sensitive || sensitive,
  };
}

function structureMembers(item: Pending, value: Record<string, unknown>): Pending[] {
  const children: Pending[] = [];
  for (const member of item.shape.members) {
    if (!member.inBody) continue;
    const memberValue = value[member.name];
    if (memberValue === undefined && !member.required) continue;
    if (memberValue === null && !member.required) {
      // AWS's deserializers differ on an explicit null; the SDKs never send one. Refusing it keeps a
      // client's mistake (`inferenceConfig: null` meant as "defaults") from passing silently.
      throw new AwsError(
        "SerializationException",
        `null is not a valid value for '${awsPath(item, member.name)}' (${member.shape.name || "a value"}): leave the member out instead.`,
      );
    }
    children.push(
      child(item, member.shape, memberValue ?? ABSENT, member.name, member.rule, member.sensitive),
    );
  }
  return children;
}

function unionMember(item: Pending, value: Record<string, unknown>): Pending {
  const { members } = item.shape;
  const set = members.filter((member) => value[member.name] !== undefined && value[member.name] !== null);
  const only = set[0];
  if (set.length !== 1 || !only) {
    const where = bedrockPath(item) || "the request";
    throw new AwsError(
      "ValidationException",
      unknownBlock(
        where,
        item.shape.name,
        members.map((member) => member.name),
      ),
    );
  }
  return child(item, only.shape, value[only.name], only.name, only.rule, only.sensitive);
}

function mapValues(
  item: Pending,
  value: Record<string, unknown>,
  violations: ConstraintViolation[],
): Pending[] {
  const keys = item.rule?.keys;
  const children: Pending[] = [];
  for (const [key, entry] of Object.entries(value)) {
    if (keys) {
      for (const broken of ruleViolations(key, keys, item.sensitive))
        violations.push({
          path: awsPath(item),
          value: broken.value,
          constraint: `Map keys must satisfy constraint: [${broken.constraint}]`,
        });
    }
    children.push(child(item, item.shape.item, entry, key, item.rule?.items));
  }
  return children;
}

/** AWS's path of a value: list items counted from 1 as `N.member` (`messages.1.member.content`). */
function awsPath(item: Pending, last?: string): string {
  const segments: string[] = last === undefined ? [] : [last];
  for (let at: Pending | undefined = item; at?.parent; at = at.parent)
    segments.push(typeof at.at === "number" ? `${at.at + 1}.member` : String(at.at));
  return segments.reverse().join(".");
}

/** Bedrock's path of a value: list items counted from 0 (`messages.0.content.1`). */
function bedrockPath(item: Pending): string {
  const segments: string[] = [];
  for (let at: Pending | undefined = item; at?.parent; at = at.parent) segments.push(String(at.at));
  return segments.reverse().join(".");
}

function hasJsonType(kind: CompiledShape["kind"], value: unknown): boolean {
  switch (kind) {
    case "structure":
    case "union":
    case "map":
      return isJsonObject(value);
    case "list":
      return Array.isArray(value);
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
    case "blob":
      return typeof value === "string" && isBase64(value);
    case "timestamp":
      return typeof value === "number" || typeof value === "string";
    default:
      return true;
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Standard base64 with padding, as the SDK encodes blobs in JSON. */
function isBase64(text: string): boolean {
  return text.length % 4 === 0 && BASE64.test(text);
}

const EXPECTED: Record<string, string> = {
  structure: "an object",
  union: "an object",
  map: "an object",
  list: "a list",
  string: "a string",
  number: "a number",
  boolean: "a boolean",
  blob: "base64-encoded bytes",
  timestamp: "a timestamp",
};

/** The SerializationException for a value AWS's deserializer cannot read as its shape. */
function unreadable(item: Pending): AwsError {
  const { kind, name } = item.shape;
  const where = awsPath(item) || "the request body";
  // Aggregates have names worth showing (`Messages`); a string member's name is its own.
  const named = ["structure", "union", "list", "map"].includes(kind) ? ` (${name})` : "";
  return new AwsError(
    "SerializationException",
    `Expected ${EXPECTED[kind] ?? kind}${named} at '${where}' but found ${describeJson(item.value)}.`,
  );
}

function describeJson(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return value === "" ? "an empty string" : "a string";
  return `a ${typeof value}`;
}
