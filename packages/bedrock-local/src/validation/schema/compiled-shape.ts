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
  // A shape the schema writes as a number (a string, a list of strings: `64 | 0`) is keyed by that number;
  // a named one by its name.
  const raw = shape.getSchema();
  const key = typeof raw === "number" ? `simple:${raw}` : `${kind}:${shape.getName(true) ?? ""}`;
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
  compiled.set(key, node);
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
