import { isAwsErrorName } from "../../http/aws-error.js";
import type { ModelScript, Script, ScriptBlock, ScriptTurn } from "./script-format.js";

/** Thrown when a script does not follow the format; the message names the offending path. */
export class ScriptFormatError extends Error {
  override readonly name = "ScriptFormatError";
}

/** Checks a parsed JSON value against the script format, so a bad script fails at start-up, not mid-test. */
export function parseScript(value: unknown): Script {
  const root = objectAt(value, "script");
  const models = objectAt(root.models, "script.models");
  for (const [modelId, model] of Object.entries(models))
    checkModel(model, `script.models[${JSON.stringify(modelId)}]`);
  return root as unknown as Script;
}

function checkModel(value: unknown, path: string): asserts value is ModelScript {
  const model = objectAt(value, path);
  if (
    model.selection !== undefined &&
    model.selection !== "conversation" &&
    model.selection !== "sequential"
  ) {
    fail(`${path}.selection`, 'must be "conversation" or "sequential"');
  }
  if (model.contextWindow !== undefined && !isPositiveInteger(model.contextWindow)) {
    fail(`${path}.contextWindow`, "must be a positive integer");
  }
  if (!Array.isArray(model.turns) || model.turns.length === 0)
    fail(`${path}.turns`, "must be a non-empty array");
  for (const [index, turn] of model.turns.entries()) checkTurn(turn, `${path}.turns[${index}]`);
}

function checkTurn(value: unknown, path: string): asserts value is ScriptTurn {
  const turn = objectAt(value, path);
  if (turn.error !== undefined) {
    const error = objectAt(turn.error, `${path}.error`);
    if (typeof error.type !== "string" || !isAwsErrorName(error.type))
      fail(`${path}.error.type`, "is not an AWS error name bedrock-local knows");
    if (typeof error.message !== "string") fail(`${path}.error.message`, "must be a string");
    return;
  }
  if (turn.text === undefined && turn.content === undefined) fail(path, "needs `text`, `content` or `error`");
  if (turn.text !== undefined && typeof turn.text !== "string") fail(`${path}.text`, "must be a string");
  if (turn.content !== undefined) {
    if (!Array.isArray(turn.content)) fail(`${path}.content`, "must be an array");
    for (const [index, block] of turn.content.entries()) checkBlock(block, `${path}.content[${index}]`);
  }
  for (const key of ["chunkSize", "delayMs"] as const) {
    if (turn[key] !== undefined && !(typeof turn[key] === "number" && turn[key] >= 0))
      fail(`${path}.${key}`, "must be a number ≥ 0");
  }
}

function checkBlock(value: unknown, path: string): asserts value is ScriptBlock {
  const block = objectAt(value, path);
  if (typeof block.text === "string") {
    if (block.citations !== undefined) checkCitations(block.citations, `${path}.citations`);
    return;
  }
  for (const kind of ["image", "audio"] as const) {
    if (block[kind] === undefined) continue;
    const media = objectAt(block[kind], `${path}.${kind}`);
    if (typeof media.format !== "string") fail(`${path}.${kind}.format`, "must be a string");
    if (
      typeof media.bytes !== "string" ||
      !/^[A-Za-z0-9+/]*={0,2}$/.test(media.bytes) ||
      media.bytes.length % 4 !== 0
    )
      fail(`${path}.${kind}.bytes`, "must be base64");
    return;
  }
  if (typeof block.reasoning === "string") return;
  if (typeof block.redactedReasoning === "string") return;
  if (block.toolUse !== undefined) {
    const toolUse = objectAt(block.toolUse, `${path}.toolUse`);
    if (typeof toolUse.name !== "string") fail(`${path}.toolUse.name`, "must be a string");
    if (toolUse.rawInput !== undefined && typeof toolUse.rawInput !== "string")
      fail(`${path}.toolUse.rawInput`, "must be a string");
    return;
  }
  fail(path, "must have one of `text`, `reasoning`, `redactedReasoning`, `toolUse`, `image`, `audio`");
}

/** The kinds of `CitationLocation` Converse sends (client-bedrock-runtime 3.1163). */
const CITATION_LOCATIONS = ["web", "documentChar", "documentPage", "documentChunk", "searchResultLocation"];

function checkCitations(value: unknown, path: string): void {
  if (!Array.isArray(value)) fail(path, "must be an array");
  for (const [index, citation] of value.entries()) {
    const location = objectAt(
      objectAt(citation, `${path}[${index}]`).location ?? {},
      `${path}[${index}].location`,
    );
    const kinds = Object.keys(location);
    if (kinds.length !== 1 || !CITATION_LOCATIONS.includes(kinds[0] as string))
      fail(`${path}[${index}].location`, `must set one of ${CITATION_LOCATIONS.join(", ")}`);
  }
}

function objectAt(value: unknown, path: string): Record<string, unknown> {
  if (!value || typeof value !== "object" || Array.isArray(value)) fail(path, "must be an object");
  return value as Record<string, unknown>;
}

function isPositiveInteger(value: unknown): boolean {
  return typeof value === "number" && Number.isInteger(value) && value > 0;
}

function fail(path: string, problem: string): never {
  throw new ScriptFormatError(`${path} ${problem}`);
}
