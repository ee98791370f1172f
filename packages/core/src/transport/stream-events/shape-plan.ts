import { NormalizedSchema } from "@smithy/core/schema";

/**
 * What a value of a shape looks like, compiled once from the SDK's own schema: enough to give the very
 * object the SDK's JSON deserializer gives for plain data (strings, numbers, booleans, structures, unions
 * and lists of them), and to say when it cannot. `sdk` marks what only the SDK should read: blobs
 * (base64 to bytes), timestamps, documents, big numbers, maps and media-typed strings.
 */
export type ShapePlan =
  | { readonly kind: "string" | "boolean" | "sdk" }
  /** `integersOnly`: the SDK parses this event with its number reviver, which leaves safe integers alone. */
  | { readonly kind: "number"; readonly integersOnly: boolean }
  | { readonly kind: "list"; readonly item: ShapePlan }
  | StructPlan;

export interface StructPlan {
  readonly kind: "struct";
  readonly union: boolean;
  /** Filled after the plan is made, so a shape that contains itself compiles. */
  readonly members: { readonly name: string; readonly plan: ShapePlan }[];
}

/** The answer of `readShape` when only the SDK can give the value exactly. */
export const NOT_PLAIN: unique symbol = Symbol("not plain");

type Schema = Parameters<typeof NormalizedSchema.of>[0];

/**
 * The plan of an event's structure, or `undefined` when the event has header or payload bindings (the SDK
 * reads those from the message, not its JSON body). `revived`: the SDK's reviver runs over this event's JSON
 * (its shape holds a document or a big number somewhere), so only safe integers pass as numbers unchanged.
 */
export function compileEventPlan(schema: Schema): StructPlan | undefined {
  const event = NormalizedSchema.of(schema);
  if (!event.isStructSchema()) return undefined;
  for (const [, member] of event.structIterator()) {
    const traits = member.getMergedTraits();
    if (traits.eventHeader || traits.eventPayload) return undefined;
  }
  const plan = compile(event, { integersOnly: needsReviver(event, new Set()), structs: new Map() });
  return plan.kind === "struct" ? plan : undefined;
}

interface Compiling {
  integersOnly: boolean;
  structs: Map<unknown, StructPlan>;
}

function compile(shape: NormalizedSchema, compiling: Compiling): ShapePlan {
  const traits = shape.getMergedTraits();
  if (shape.isStructSchema()) {
    const known = compiling.structs.get(shape.getSchema());
    if (known) return known;
    const plan: StructPlan = { kind: "struct", union: shape.isUnionSchema(), members: [] };
    compiling.structs.set(shape.getSchema(), plan);
    for (const [name, member] of shape.structIterator()) {
      // A member named on the wire otherwise is read by the SDK under that name: left to it.
      const memberPlan = member.getMergedTraits().jsonName ? SDK : compile(member, compiling);
      plan.members.push({ name, plan: memberPlan });
    }
    return plan;
  }
  if (shape.isListSchema()) return { kind: "list", item: compile(shape.getValueSchema(), compiling) };
  if (shape.isBigIntegerSchema() || shape.isBigDecimalSchema()) return SDK;
  if (shape.isStringSchema()) return traits.mediaType ? SDK : STRING;
  if (shape.isBooleanSchema()) return BOOLEAN;
  if (shape.isNumericSchema()) return compiling.integersOnly ? INTEGER : NUMBER;
  return SDK;
}

const SDK: ShapePlan = { kind: "sdk" };
const STRING: ShapePlan = { kind: "string" };
const BOOLEAN: ShapePlan = { kind: "boolean" };
const NUMBER: ShapePlan = { kind: "number", integersOnly: false };
const INTEGER: ShapePlan = { kind: "number", integersOnly: true };

/** Whether the SDK parses a shape's JSON with its reviver: as its own check, a document or big number anywhere. */
function needsReviver(shape: NormalizedSchema, seen: Set<unknown>): boolean {
  const raw = shape.getSchema();
  if (seen.has(raw)) return false;
  seen.add(raw);
  if (shape.isBigIntegerSchema() || shape.isBigDecimalSchema() || shape.isDocumentSchema()) return true;
  if (shape.isStructSchema()) {
    for (const [, member] of shape.structIterator()) if (needsReviver(member, seen)) return true;
    return false;
  }
  if (shape.isListSchema() || shape.isMapSchema()) return needsReviver(shape.getValueSchema(), seen);
  return false;
}

/**
 * `value` (parsed JSON) as the SDK's deserializer gives it for `plan`: unknown members dropped, absent and
 * null ones left out; `NOT_PLAIN` when anything in it is for the SDK to read (then nothing else is taken
 * from this answer: lists may have been rewritten in place, as the SDK rewrites them).
 */
export function readShape(plan: ShapePlan, value: unknown): unknown {
  switch (plan.kind) {
    case "string":
      return typeof value === "string" ? value : NOT_PLAIN;
    case "boolean":
      return typeof value === "boolean" ? value : NOT_PLAIN;
    case "number":
      if (typeof value !== "number") return NOT_PLAIN;
      return !plan.integersOnly || Number.isSafeInteger(value) ? value : NOT_PLAIN;
    case "list":
      return readList(plan.item, value);
    case "struct":
      return readStruct(plan, value);
    default:
      return NOT_PLAIN;
  }
}

function readList(item: ShapePlan, value: unknown): unknown {
  if (!Array.isArray(value)) return NOT_PLAIN;
  for (let index = 0; index < value.length; index++) {
    const read = readShape(item, value[index]);
    if (read === NOT_PLAIN) return NOT_PLAIN;
    value[index] = read;
  }
  return value;
}

function readStruct(plan: StructPlan, value: unknown): unknown {
  // `__type` makes the SDK keep unknown members; a union's unknown member becomes its `$unknown`.
  if (value === null || typeof value !== "object" || Array.isArray(value) || "__type" in value)
    return NOT_PLAIN;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  let present = 0;
  for (const { name, plan: memberPlan } of plan.members) {
    const member = record[name];
    if (member === undefined || member === null) continue;
    const read = readShape(memberPlan, member);
    if (read === NOT_PLAIN) return NOT_PLAIN;
    out[name] = read;
    present++;
  }
  if (plan.union && present !== countKeys(record)) return NOT_PLAIN;
  return out;
}

/** A union's own keys: any beyond its known members (or a null one) is for the SDK to judge. */
function countKeys(record: Record<string, unknown>): number {
  let keys = 0;
  for (const key in record) if (Object.hasOwn(record, key)) keys++;
  return keys;
}
