import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as sdk from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import { MEMBER_RULES } from "./member-rules.js";
import {
  type CheckedOperation,
  inputShape,
  membersOf,
  type Shape,
  shapeKind,
  shapeName,
} from "./sdk-shapes.js";

const OPERATIONS: CheckedOperation[] = [
  "Converse",
  "ConverseStream",
  "CountTokens",
  "ConverseTokens",
  "ApplyGuardrail",
  "InvokeGuardrailChecks",
  "StartAsyncInvoke",
];

/** Every structure and union reachable from the checked inputs, by name, with its members' shapes. */
function reachableShapes(): Map<string, Map<string, Shape>> {
  const shapes = new Map<string, Map<string, Shape>>();
  const pending = OPERATIONS.map(inputShape);
  for (let shape = pending.pop(); shape; shape = pending.pop()) {
    const kind = shapeKind(shape);
    if (kind === "list" || kind === "map") pending.push(shape.getValueSchema());
    if (kind !== "structure" && kind !== "union") continue;
    if (shapes.has(shapeName(shape))) continue;
    const members = new Map(membersOf(shape).map((member) => [member.name, member.shape]));
    shapes.set(shapeName(shape), members);
    pending.push(...members.values());
  }
  return shapes;
}

/**
 * The members the SDK's published types give an enum type (`format: ImageFormat | undefined`, or a list of
 * one), read from its declarations: the SDK's runtime schema says only "string".
 */
function enumTypedMembers(): Map<string, string> {
  const entry = createRequire(import.meta.url).resolve("@aws-sdk/client-bedrock-runtime");
  const root = join(dirname(entry), "..");
  const declarations = readFileSync(join(root, "dist-types/models/models_0.d.ts"), "utf8");
  const enumNames = new Set(
    Object.keys(sdk).filter((name) => isEnumObject((sdk as Record<string, unknown>)[name])),
  );
  const members = new Map<string, string>();
  for (const block of declarations.matchAll(/export interface (\w+) \{([\s\S]*?)\n\}/g)) {
    const [, shape, body] = block as unknown as [string, string, string];
    for (const line of body.matchAll(/^\s+(\w+)\??: (\w+)(\[\])? \| undefined;$/gm)) {
      const [, member, type] = line as unknown as [string, string, string];
      if (enumNames.has(type)) members.set(`${shape}.${member}`, type);
    }
  }
  return members;
}

function isEnumObject(value: unknown): value is Record<string, string> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length > 0 &&
    Object.values(value).every((entry) => typeof entry === "string")
  );
}

describe("the documented constraints, checked against the SDK's model", () => {
  const shapes = reachableShapes();

  it("name only members the SDK's input shapes have", () => {
    const unknown = Object.keys(MEMBER_RULES).filter((key) => {
      const [shape = "", member = ""] = key.split(".");
      return !shapes.get(shape)?.has(member);
    });
    expect(unknown).toEqual([]);
  });

  it("give every member the SDK types with an enum exactly that enum's values", () => {
    const typed = enumTypedMembers();
    // The declarations were read: the familiar members are among them.
    expect(typed.get("ImageBlock.format")).toBe("ImageFormat");
    expect(typed.get("GuardrailConverseTextBlock.qualifiers")).toBe("GuardrailConverseContentQualifier");
    const missing: string[] = [];
    for (const [key, enumName] of typed) {
      const [shape = "", member = ""] = key.split(".");
      if (!shapes.get(shape)?.has(member)) continue; // an output shape: not checked
      const rule = MEMBER_RULES[key];
      const values = (rule?.enum ?? rule?.items?.enum) as Record<string, string> | undefined;
      const expected = Object.values(
        (sdk as unknown as Record<string, Record<string, string>>)[enumName] ?? {},
      );
      if (!values || [...Object.values(values)].sort().join() !== [...expected].sort().join())
        missing.push(`${key} (${enumName})`);
    }
    expect(missing).toEqual([]);
  });

  it("put lengths on strings, blobs, lists and maps, and ranges on numbers", () => {
    const misplaced = Object.entries(MEMBER_RULES).filter(([key, rule]) => {
      const [shape = "", member = ""] = key.split(".");
      const target = shapes.get(shape)?.get(member);
      if (!target) return false;
      const kind = shapeKind(target);
      return (
        (rule.length && !["string", "blob", "list", "map"].includes(kind)) ||
        (rule.range && kind !== "number") ||
        ((rule.enum || rule.pattern) && kind !== "string")
      );
    });
    expect(misplaced.map(([key]) => key)).toEqual([]);
  });
});
