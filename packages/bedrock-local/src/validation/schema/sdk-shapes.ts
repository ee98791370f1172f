import {
  ApplyGuardrailRequest$,
  ConverseRequest$,
  ConverseStreamRequest$,
  ConverseTokensRequest$,
  CountTokensRequest$,
  InvokeGuardrailChecksRequest$,
  StartAsyncInvokeRequest$,
} from "@aws-sdk/client-bedrock-runtime";
import { NormalizedSchema } from "@smithy/core/schema";

/** The operation whose input a body is (`ConverseTokens`: CountTokens' `input.converse`). */
export type CheckedOperation =
  | "Converse"
  | "ConverseStream"
  | "CountTokens"
  | "ConverseTokens"
  | "ApplyGuardrail"
  | "InvokeGuardrailChecks"
  | "StartAsyncInvoke";

/**
 * The input shapes bedrock-local checks bodies against, taken from the AWS SDK's own model (the schemas its
 * serializer uses), so a member the SDK gains is checked the day the SDK is upgraded.
 */
const INPUT_SHAPES: Record<CheckedOperation, Parameters<typeof NormalizedSchema.of>[0]> = {
  Converse: ConverseRequest$,
  ConverseStream: ConverseStreamRequest$,
  CountTokens: CountTokensRequest$,
  /** CountTokens' `input.converse`. */
  ConverseTokens: ConverseTokensRequest$,
  ApplyGuardrail: ApplyGuardrailRequest$,
  InvokeGuardrailChecks: InvokeGuardrailChecksRequest$,
  StartAsyncInvoke: StartAsyncInvokeRequest$,
};

/** What a shape is on the wire, as far as a JSON body is concerned. */
export type ShapeKind =
  | "structure"
  | "union"
  | "list"
  | "map"
  | "string"
  | "number"
  | "boolean"
  | "blob"
  | "timestamp"
  | "document";

/** The SDK's schema of one shape, normalised so member traits and targets can be read. */
export type Shape = NormalizedSchema;

export function inputShape(operation: CheckedOperation): Shape {
  return NormalizedSchema.of(INPUT_SHAPES[operation]);
}

export function shapeKind(shape: Shape): ShapeKind {
  // A union is also a structure to NormalizedSchema: ask about it first.
  if (shape.isUnionSchema()) return "union";
  if (shape.isStructSchema()) return "structure";
  if (shape.isListSchema()) return "list";
  if (shape.isMapSchema()) return "map";
  if (shape.isBlobSchema()) return "blob";
  if (shape.isStringSchema()) return "string";
  if (shape.isNumericSchema() || shape.isBigIntegerSchema() || shape.isBigDecimalSchema()) return "number";
  if (shape.isBooleanSchema()) return "boolean";
  if (shape.isTimestampSchema()) return "timestamp";
  return "document";
}

/** A structure's members in declared order, with whether each is required. */
export function membersOf(shape: Shape): { name: string; shape: Shape; required: boolean }[] {
  // The compact schema lists required members first and ends with how many there are.
  const requiredCount = Number((shape.getSchema() as unknown[])[6] ?? 0);
  return [...shape.structIterator()].map(([name, member], index) => ({
    name,
    shape: member,
    required: index < requiredCount,
  }));
}

/** Members bound to the path, a header or the query string are not in the JSON body. */
export function isBodyMember(member: Shape): boolean {
  const traits = member.getMergedTraits();
  return !(traits.httpLabel || traits.httpHeader || traits.httpQuery || traits.httpQueryParams);
}

/** AWS never echoes a sensitive member's value in a validation message. */
export function isSensitive(member: Shape): boolean {
  return Boolean(member.getMergedTraits().sensitive);
}

/** `ImageBlock`, without the namespace. */
export function shapeName(shape: Shape): string {
  return shape.getName() ?? "";
}
