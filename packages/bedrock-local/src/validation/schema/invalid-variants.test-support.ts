import { isJsonObject } from "../../models/model-turn.js";
import { MEMBER_RULES, type MemberRule } from "./member-rules.js";
import { isBodyMember, membersOf, type Shape, shapeKind, shapeName } from "./sdk-shapes.js";

/** A valid body with exactly one member made invalid, and what was done to it. */
export interface InvalidVariant {
  /** `messages.0.content.1.image.format: not in the enum`. */
  label: string;
  body: unknown;
}

type Path = (string | number)[];

/**
 * Every single-member corruption of `body` that the SDK's model of `shape` (and the documented rules) forbids:
 * for each value in the body, a value of the wrong JSON type; for a blob, text that is not base64; for a
 * required member, its absence; for an optional one, an explicit null; for a union, no member and two; for
 * a member with a rule, a value just outside it. Documents are left alone: any JSON is valid there.
 */
export function invalidVariants(body: unknown, shape: Shape): InvalidVariant[] {
  const variants: InvalidVariant[] = [];
  const visit = (value: unknown, at: Shape, path: Path, rule: MemberRule | undefined) => {
    const kind = shapeKind(at);
    if (kind === "document") return;
    const label = path.join(".") || "(body)";
    const add = (what: string, replacement: unknown) =>
      variants.push({ label: `${label}: ${what}`, body: replaceAt(body, path, replacement) });

    add("wrong JSON type", WRONG_TYPE[kind]);
    if (kind === "blob") add("not base64", "not base64!");
    for (const [what, replacement] of ruleBreakers(value, rule)) add(what, replacement);

    if (kind === "union" && isJsonObject(value)) {
      const members = membersOf(at);
      const set = members.find((member) => value[member.name] !== undefined);
      const other = members.find((member) => member !== set);
      add("no member set", {});
      if (other && set) add("two members set", { ...value, [other.name]: value[set.name] });
      if (set)
        visit(value[set.name], set.shape, [...path, set.name], MEMBER_RULES[`${shapeName(at)}.${set.name}`]);
    } else if (kind === "structure" && isJsonObject(value)) {
      for (const member of membersOf(at)) {
        if (!isBodyMember(member.shape)) continue;
        const memberPath = [...path, member.name];
        if (value[member.name] === undefined) continue;
        if (member.required)
          variants.push({ label: `${memberPath.join(".")}: missing`, body: removeAt(body, memberPath) });
        else
          variants.push({ label: `${memberPath.join(".")}: null`, body: replaceAt(body, memberPath, null) });
        visit(value[member.name], member.shape, memberPath, MEMBER_RULES[`${shapeName(at)}.${member.name}`]);
      }
    } else if (kind === "list" && Array.isArray(value)) {
      for (const [index, item] of value.entries())
        visit(item, at.getValueSchema(), [...path, index], rule?.items);
    } else if (kind === "map" && isJsonObject(value)) {
      for (const [key, item] of Object.entries(value))
        visit(item, at.getValueSchema(), [...path, key], rule?.items);
    }
  };
  visit(body, shape, [], undefined);
  return variants;
}

const WRONG_TYPE: Record<string, unknown> = {
  structure: "x",
  union: "x",
  map: ["x"],
  list: "x",
  string: 42,
  number: "x",
  boolean: "yes",
  blob: 7,
  timestamp: true,
};

/** Values just outside each constraint of `rule`. */
function ruleBreakers(value: unknown, rule: MemberRule | undefined): [string, unknown][] {
  if (!rule) return [];
  const breakers: [string, unknown][] = [];
  if (rule.enum) breakers.push(["not in the enum", "not_a_member_of_the_enum"]);
  if (rule.pattern && typeof value === "string")
    breakers.push(["breaks the pattern", "has spaces & symbols!"]);
  const { min, max } = rule.length ?? {};
  if (min !== undefined && min > 0) breakers.push([`shorter than ${min}`, resized(value, min - 1)]);
  if (max !== undefined) breakers.push([`longer than ${max}`, resized(value, max + 1)]);
  if (rule.range?.min !== undefined) breakers.push([`below ${rule.range.min}`, rule.range.min - 1]);
  if (rule.range?.max !== undefined) breakers.push([`above ${rule.range.max}`, rule.range.max + 1]);
  return breakers;
}

/** `value` grown or cut to `length`: characters of a string, items of a list (copies of its first), entries of a map. */
function resized(value: unknown, length: number): unknown {
  if (typeof value === "string") return length === 0 ? "" : "a".repeat(length);
  if (Array.isArray(value)) return Array.from({ length }, () => value[0]);
  if (isJsonObject(value)) {
    const first = Object.values(value)[0];
    return Object.fromEntries(Array.from({ length }, (_, index) => [`key${index}`, first]));
  }
  return value;
}

function replaceAt(body: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let parent = copy;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
  parent[path.at(-1) as string | number] = replacement;
  return copy;
}

function removeAt(body: unknown, path: Path): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let parent = copy;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
  delete parent[path.at(-1) as string | number];
  return copy;
}
