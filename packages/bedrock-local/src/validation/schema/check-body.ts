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

/** A value still to be checked, with where it sits: AWS's path (`messages.1.member.role`) and Bedrock's (`messages.0.role`). */
interface Pending {
  shape: CompiledShape;
  value: unknown;
  awsPath: string;
  bedrockPath: string;
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
  const pending: Pending[] = [
    {
      shape: compileShape(shape),
      value: body,
      awsPath: "",
      bedrockPath: "",
      rule: undefined,
      sensitive: false,
    },
  ];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const children = checkValue(next, violations);
    // Pushed in reverse so violations come out in the body's order.
    for (let index = children.length - 1; index >= 0; index--) pending.push(children[index] as Pending);
  }
  return violations;
}

/** Checks one value's type and rule; returns the values inside it still to check. */
function checkValue(item: Pending, violations: ConstraintViolation[]): Pending[] {
  const { shape, value, awsPath } = item;
  if (value === ABSENT) {
    violations.push({ path: awsPath, value: null, constraint: NOT_NULL });
    return [];
  }
  const { kind } = shape;
  if (kind === "document") return [];
  if (!hasJsonType(kind, value)) throw unreadable(item, kind);
  if (item.rule) violations.push(...ruleViolations(value, item.rule, awsPath, item.sensitive));
  switch (kind) {
    case "structure":
      return structureMembers(item, value as Record<string, unknown>);
    case "union":
      return [unionMember(item, value as Record<string, unknown>)];
    case "list":
      return listItems(item, value as unknown[]);
    case "map":
      return mapValues(item, value as Record<string, unknown>, violations);
    default:
      return [];
  }
}

function structureMembers(item: Pending, value: Record<string, unknown>): Pending[] {
  const children: Pending[] = [];
  for (const member of item.shape.members) {
    if (!member.inBody) continue;
    let memberValue = value[member.name];
    const awsPath = join(item.awsPath, member.name);
    if (memberValue === undefined && !member.required) continue;
    if (memberValue === undefined || (memberValue === null && member.required)) memberValue = ABSENT;
    else if (memberValue === null) {
      // AWS's deserializers differ on an explicit null; the SDKs never send one. Refusing it keeps a
      // client's mistake (`inferenceConfig: null` meant as "defaults") from passing silently.
      throw new AwsError(
        "SerializationException",
        `null is not a valid value for '${awsPath}' (${member.shape.name || "a value"}): leave the member out instead.`,
      );
    }
    children.push({
      shape: member.shape,
      value: memberValue,
      awsPath,
      bedrockPath: join(item.bedrockPath, member.name),
      rule: member.rule,
      sensitive: item.sensitive || member.sensitive,
    });
  }
  return children;
}

function unionMember(item: Pending, value: Record<string, unknown>): Pending {
  const { members } = item.shape;
  const set = members.filter((member) => value[member.name] !== undefined && value[member.name] !== null);
  const only = set[0];
  if (set.length !== 1 || !only) {
    const where = item.bedrockPath || "the request";
    throw new AwsError(
      "ValidationException",
      unknownBlock(
        where,
        item.shape.name,
        members.map((member) => member.name),
      ),
    );
  }
  return {
    shape: only.shape,
    value: value[only.name],
    awsPath: join(item.awsPath, only.name),
    bedrockPath: join(item.bedrockPath, only.name),
    rule: only.rule,
    sensitive: item.sensitive || only.sensitive,
  };
}

function listItems(item: Pending, value: unknown[]): Pending[] {
  const itemShape = item.shape.item as CompiledShape;
  return value.map((entry, index) => ({
    shape: itemShape,
    value: entry === null ? ABSENT : entry,
    awsPath: join(item.awsPath, `${index + 1}.member`),
    bedrockPath: join(item.bedrockPath, String(index)),
    rule: item.rule?.items,
    sensitive: item.sensitive,
  }));
}

function mapValues(
  item: Pending,
  value: Record<string, unknown>,
  violations: ConstraintViolation[],
): Pending[] {
  const valueShape = item.shape.item as CompiledShape;
  const children: Pending[] = [];
  for (const [key, entry] of Object.entries(value)) {
    if (item.rule?.keys) {
      for (const broken of ruleViolations(key, item.rule.keys, item.awsPath, item.sensitive))
        violations.push({
          ...broken,
          constraint: `Map keys must satisfy constraint: [${broken.constraint}]`,
        });
    }
    children.push({
      shape: valueShape,
      value: entry === null ? ABSENT : entry,
      awsPath: join(item.awsPath, key),
      bedrockPath: join(item.bedrockPath, key),
      rule: item.rule?.items,
      sensitive: item.sensitive,
    });
  }
  return children;
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

/** Standard base64 with padding, as the SDK encodes blobs in JSON. */
function isBase64(text: string): boolean {
  return text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);
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
function unreadable(item: Pending, kind: string): AwsError {
  const where = item.awsPath || "the request body";
  // Aggregates have names worth showing (`Messages`); a string member's name is its own.
  const named = ["structure", "union", "list", "map"].includes(kind) ? ` (${item.shape.name})` : "";
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

function join(path: string, segment: string): string {
  return path ? `${path}.${segment}` : segment;
}
