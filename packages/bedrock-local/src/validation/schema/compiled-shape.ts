import { MEMBER_RULES, type MemberRule } from "./member-rules.js";
import {
  isBodyMember,
  isSensitive,
  membersOf,
  type Shape,
  type ShapeKind,
  shapeKind,
  shapeName,
} from "./sdk-shapes.js";

/** One member of a structure or union, with what checking it needs, read from the SDK's schema once. */
export interface CompiledMember {
  name: string;
  required: boolean;
  /** False for members bound to the path, a header or the query string. */
  inBody: boolean;
  sensitive: boolean;
  /** The documented constraints of `Shape.member`, if any. */
  rule: MemberRule | undefined;
  readonly shape: CompiledShape;
}

/** A shape as the body check walks it: its kind, its members or items, no schema lookups left to do. */
export interface CompiledShape {
  kind: ShapeKind;
  name: string;
  members: CompiledMember[];
  /** A list's item, or a map's value. */
  readonly item: CompiledShape | undefined;
}

const compiled = new Map<string, CompiledShape>();

/**
 * The compiled form of `shape`, made once per named shape and kept: walking the SDK's `NormalizedSchema`
 * for every value of every request made a new member object at each step. Members and items are compiled
 * when first read, so recursive shapes compile too.
 */
export function compileShape(shape: Shape): CompiledShape {
  const kind = shapeKind(shape);
  const aggregate = kind === "structure" || kind === "union" || kind === "list" || kind === "map";
  const key = aggregate ? `${kind}:${shape.getName(true) ?? ""}` : kind;
  const known = compiled.get(key);
  if (known) return known;
  const name = shapeName(shape);
  let item: CompiledShape | undefined;
  const node: CompiledShape = {
    kind,
    name,
    members: [],
    get item() {
      if (kind !== "list" && kind !== "map") return undefined;
      item ??= compileShape(shape.getValueSchema());
      return item;
    },
  };
  // Kept before its members are read: a shape that contains itself finds itself here.
  if (aggregate && name) compiled.set(key, node);
  else if (!aggregate) compiled.set(key, node);
  if (kind === "structure" || kind === "union") {
    for (const member of membersOf(shape)) {
      let target: CompiledShape | undefined;
      node.members.push({
        name: member.name,
        required: member.required,
        inBody: isBodyMember(member.shape),
        sensitive: isSensitive(member.shape),
        rule: MEMBER_RULES[`${name}.${member.name}`],
        get shape() {
          target ??= compileShape(member.shape);
          return target;
        },
      });
    }
  }
  return node;
}
