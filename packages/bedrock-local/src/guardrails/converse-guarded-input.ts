import { isJsonObject, type JsonObject } from "../models/model-turn.js";
import type { GuardrailText } from "./evaluate-guardrail.js";

/** A text the guardrail reads in a Converse request, and where it sits (so a masked version can go back). */
export interface GuardedInputText {
  text: string;
  /** A `guardContent` block's qualifiers; none means `guard_content`. */
  qualifiers?: string[];
  /** Keys from the body down to the string, e.g. `["messages", 0, "content", 1, "text"]`. */
  path: (string | number)[];
}

/**
 * The texts of a Converse request a guardrail assesses as INPUT, system first, following Bedrock's rules:
 * - if any message holds a `guardContent` block, only the messages' `guardContent` texts are assessed;
 *   otherwise every `text` block of every message, user and assistant alike ("If you include no
 *   guardContent blocks, the guardrail operates on all messages in the request body");
 * - the system prompt is assessed only through its own `guardContent` blocks;
 * - tool results, tool uses and tool definitions are never assessed (Bedrock's "Include a guardrail with
 *   the Converse API" lists them as not evaluated), nor reasoning, images or documents.
 * A `guardContent` text keeps its qualifiers: `grounding_source` and `query` are context, not guarded.
 */
export function guardedInputTexts(body: JsonObject): GuardedInputText[] {
  const texts: GuardedInputText[] = [];
  const system = Array.isArray(body.system) ? body.system : [];
  system.forEach((block, index) => {
    const guarded = guardContentText(block, ["system", index]);
    if (guarded) texts.push(guarded);
  });

  const messages = Array.isArray(body.messages) ? body.messages : [];
  const blocks = messages.flatMap((message, messageIndex) => {
    const content = (message as { content?: unknown })?.content;
    return (Array.isArray(content) ? content : []).map((block, blockIndex) => ({
      block: block as unknown,
      path: ["messages", messageIndex, "content", blockIndex] as (string | number)[],
    }));
  });
  const selective = blocks.some(({ block }) => isJsonObject(block) && isJsonObject(block.guardContent));
  for (const { block, path } of blocks) {
    if (selective) {
      const guarded = guardContentText(block, path);
      if (guarded) texts.push(guarded);
    } else if (isJsonObject(block) && typeof block.text === "string") {
      texts.push({ text: block.text, path: [...path, "text"] });
    }
  }
  return texts;
}

/** The texts as `evaluateGuardrail` takes them. */
export function toGuardrailTexts(texts: readonly GuardedInputText[]): GuardrailText[] {
  return texts.map(({ text, qualifiers }) => (qualifiers ? { text, qualifiers } : text));
}

/** A copy of `body` with each guarded text replaced by its counterpart in `replacements` (same order). */
export function withReplacedTexts(
  body: JsonObject,
  texts: readonly GuardedInputText[],
  replacements: readonly string[],
): JsonObject {
  const copy = structuredClone(body);
  texts.forEach(({ path }, index) => {
    const replacement = replacements[index];
    if (replacement === undefined) return;
    let parent: unknown = copy;
    for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[key];
    (parent as Record<string | number, unknown>)[path[path.length - 1] as string | number] = replacement;
  });
  return copy;
}

function guardContentText(block: unknown, path: (string | number)[]): GuardedInputText | undefined {
  if (!isJsonObject(block) || !isJsonObject(block.guardContent)) return undefined;
  const text = block.guardContent.text;
  // An image guardContent block is accepted and not judged: bedrock-local has no image filters.
  if (!isJsonObject(text) || typeof text.text !== "string") return undefined;
  const qualifiers = Array.isArray(text.qualifiers)
    ? text.qualifiers.filter((qualifier): qualifier is string => typeof qualifier === "string")
    : undefined;
  return {
    text: text.text,
    ...(qualifiers?.length ? { qualifiers } : {}),
    path: [...path, "guardContent", "text", "text"],
  };
}
