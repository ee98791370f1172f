import { createHash } from "node:crypto";
import type { JsonObject } from "../models/model-turn.js";
import { estimateTokens } from "../tokens/estimate-tokens.js";
import { extraneousKeys, jsonTypeName, malformedInput, missingKeys } from "./malformed-input.js";

/** Which Titan text embeddings model a model id names. */
export type TitanEmbedVersion = "v1" | "v2";

/** `amazon.titan-embed-text-v1` / `-v2:0`, also behind an inference profile prefix or an ARN. */
export function titanEmbedVersion(modelId: string): TitanEmbedVersion | undefined {
  const match = /amazon\.titan-embed-text-(v1|v2)/.exec(modelId);
  return match ? (match[1] as TitanEmbedVersion) : undefined;
}

const V1_DIMENSIONS = 1536;
const V2_DIMENSIONS = [256, 512, 1024];
const V2_EMBEDDING_TYPES = ["float", "binary"];
const V1_KEYS = new Set(["inputText"]);
const V2_KEYS = new Set(["inputText", "dimensions", "normalize", "embeddingTypes"]);

/** The answer of an embeddings model: the body and its input token count. */
export interface EmbeddingAnswer {
  body: JsonObject;
  inputTokens: number;
}

/**
 * A Titan text embedding, computed rather than scripted: the vector is derived from the text alone (SHA-256
 * in counter mode, mapped to [-1, 1)), so the same text always gets the same vector, different texts get
 * unrelated ones, and its size is the model's. v2 normalizes to unit length unless `normalize` is false and
 * can add a binary embedding (each dimension's sign) in `embeddingsByType`.
 */
export function titanEmbedding(version: TitanEmbedVersion, body: JsonObject): EmbeddingAnswer {
  const problems = [
    ...missingKeys(body, ["inputText"]),
    ...extraneousKeys(body, version === "v1" ? V1_KEYS : V2_KEYS),
  ];
  if (body.inputText !== undefined && typeof body.inputText !== "string")
    problems.push(`#/inputText: expected type: String, found: ${jsonTypeName(body.inputText)}`);
  else if (body.inputText === "") problems.push("#/inputText: expected minLength: 1, actual: 0");
  if (version === "v2") problems.push(...v2Problems(body));
  if (problems.length > 0) throw malformedInput(problems);

  const text = body.inputText as string;
  const inputTokens = estimateTokens(text);
  if (version === "v1")
    return {
      body: { embedding: normalized(rawVector(text, V1_DIMENSIONS)), inputTextTokenCount: inputTokens },
      inputTokens,
    };

  const dimensions = (body.dimensions as number | undefined) ?? 1024;
  const raw = rawVector(text, dimensions);
  const vector = body.normalize === false ? raw : normalized(raw);
  const types = (body.embeddingTypes as string[] | undefined) ?? ["float"];
  const embeddingsByType: JsonObject = {};
  if (types.includes("float")) embeddingsByType.float = vector;
  if (types.includes("binary")) embeddingsByType.binary = vector.map((value) => (value > 0 ? 1 : 0));
  return { body: { embedding: vector, embeddingsByType, inputTextTokenCount: inputTokens }, inputTokens };
}

function v2Problems(body: JsonObject): string[] {
  const problems: string[] = [];
  if (body.dimensions !== undefined && !V2_DIMENSIONS.includes(body.dimensions as number))
    problems.push(`#/dimensions: ${JSON.stringify(body.dimensions)} is not a valid enum value`);
  if (body.normalize !== undefined && typeof body.normalize !== "boolean")
    problems.push(`#/normalize: expected type: Boolean, found: ${jsonTypeName(body.normalize)}`);
  if (body.embeddingTypes !== undefined) {
    const types = body.embeddingTypes;
    if (!Array.isArray(types))
      problems.push(`#/embeddingTypes: expected type: JSONArray, found: ${jsonTypeName(types)}`);
    else if (types.length === 0) problems.push("#/embeddingTypes: expected minimum item count: 1, found: 0");
    else
      types.forEach((type, index) => {
        if (!V2_EMBEDDING_TYPES.includes(type as string))
          problems.push(`#/embeddingTypes/${index}: ${JSON.stringify(type)} is not a valid enum value`);
      });
  }
  return problems;
}

/** `dimensions` values in [-1, 1) from SHA-256(index block ‖ text), rounded as JSON floats of float32 precision. */
function rawVector(text: string, dimensions: number): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < dimensions; block++) {
    const digest = createHash("sha256").update(`${block}\u0000${text}`).digest();
    for (let offset = 0; offset + 2 <= digest.length && values.length < dimensions; offset += 2)
      values.push(digest.readUInt16BE(offset) / 32768 - 1);
  }
  return values;
}

function normalized(vector: number[]): number[] {
  const length = Math.hypot(...vector);
  return length === 0 ? vector : vector.map((value) => Math.fround(value / length));
}
