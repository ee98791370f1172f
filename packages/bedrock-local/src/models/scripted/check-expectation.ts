import { validationError } from "../../http/aws-error.js";
import { isJsonObject, type JsonObject } from "../model-turn.js";
import type { TurnExpectation } from "./script-format.js";

type Message = { role?: string; content?: JsonObject[] };

/** Throws a ValidationException that names every way `body` differs from what the turn expected. */
export function checkExpectation(expect: TurnExpectation, body: JsonObject, where: string): void {
  const problems: string[] = [];
  const messages = (Array.isArray(body.messages) ? body.messages : []) as Message[];
  const lastUser = [...messages].reverse().find((message) => message.role === "user");

  if (expect.lastUserText !== undefined) {
    const text = (lastUser?.content ?? []).map(textOf).join("\n");
    if (!text.includes(expect.lastUserText)) {
      problems.push(
        `last user message should contain ${JSON.stringify(expect.lastUserText)} but was ${JSON.stringify(text)}`,
      );
    }
  }
  if (expect.tools) {
    const offered = toolNames(body);
    const missing = expect.tools.filter((name) => !offered.includes(name));
    if (missing.length)
      problems.push(
        `tools ${missing.join(", ")} should be offered; offered: ${offered.join(", ") || "none"}`,
      );
  }
  if (expect.withoutTools) {
    const offered = toolNames(body);
    const present = expect.withoutTools.filter((name) => offered.includes(name));
    if (present.length) problems.push(`tools ${present.join(", ")} should not be offered but are`);
  }
  if (expect.toolResultsFor) {
    const answered = (lastUser?.content ?? [])
      .map((block) => (block.toolResult as { toolUseId?: string } | undefined)?.toolUseId)
      .filter((id): id is string => typeof id === "string");
    if ([...answered].sort().join(",") !== [...expect.toolResultsFor].sort().join(",")) {
      problems.push(
        `tool results should answer ${expect.toolResultsFor.join(", ")} but answered ${answered.join(", ") || "none"}`,
      );
    }
  }
  if (expect.system !== undefined) {
    const system = (Array.isArray(body.system) ? body.system : [])
      .map((block) => (block as JsonObject).text ?? "")
      .join("\n");
    if (!system.includes(expect.system))
      problems.push(`system prompt should contain ${JSON.stringify(expect.system)}`);
  }
  if (expect.messageCount !== undefined && messages.length !== expect.messageCount) {
    problems.push(`request should carry ${expect.messageCount} messages but carried ${messages.length}`);
  }
  if (expect.body) problems.push(...partialMismatches(expect.body, body, "body"));

  if (problems.length)
    throw validationError(`bedrock-local script expectation failed (${where}): ${problems.join("; ")}`);
}

/** The tools a request offers: those `toolConfig` declares, as changed by the `system` messages' additions and removals, in order. */
function toolNames(body: JsonObject): string[] {
  const tools = ((body.toolConfig as JsonObject | undefined)?.tools ?? []) as JsonObject[];
  const offered = new Set(
    tools
      .map((tool) => ((tool.toolSpec ?? tool.systemTool) as JsonObject | undefined)?.name)
      .filter((name): name is string => typeof name === "string"),
  );
  const messages = (Array.isArray(body.messages) ? body.messages : []) as Message[];
  for (const message of messages) {
    if (message.role !== "system") continue;
    for (const block of message.content ?? []) {
      const added = ((block.toolAddition as JsonObject | undefined)?.tool as JsonObject | undefined)?.name;
      const removed = ((block.toolRemoval as JsonObject | undefined)?.tool as JsonObject | undefined)?.name;
      if (typeof added === "string") offered.add(added);
      if (typeof removed === "string") offered.delete(removed);
    }
  }
  return [...offered];
}

/** Where `actual` lacks or differs from a value of `expected`; objects are compared key by key, the rest exactly. */
export function partialMismatches(expected: unknown, actual: unknown, path: string): string[] {
  if (isJsonObject(expected)) {
    if (!isJsonObject(actual)) return [`${path} should be an object`];
    return Object.entries(expected).flatMap(([key, value]) =>
      partialMismatches(value, actual[key], `${path}.${key}`),
    );
  }
  return JSON.stringify(expected) === JSON.stringify(actual)
    ? []
    : [`${path} should be ${JSON.stringify(expected)} but was ${JSON.stringify(actual)}`];
}

/** A block's text: a text block's, or the text a `guardContent` block holds (a guarded user message's). */
function textOf(block: JsonObject): string {
  if (typeof block.text === "string") return block.text;
  const guarded = isJsonObject(block.guardContent) ? block.guardContent.text : undefined;
  return isJsonObject(guarded) && typeof guarded.text === "string" ? guarded.text : "";
}
