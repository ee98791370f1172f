import type { Message } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, test } from "vitest";
import { OMITTED_HISTORY_TEXT, protectedTailStart, repairHistory } from "./repair-history.js";

const user = (text: string): Message => ({ role: "user", content: [{ text }] });
const asksTool = (id: string): Message => ({
  role: "assistant",
  content: [
    { reasoningContent: { reasoningText: { text: "think", signature: "sig" } } },
    { toolUse: { toolUseId: id, name: "lookup", input: {} } },
  ],
});
const answers = (...ids: string[]): Message => ({
  role: "user",
  content: ids.map((id) => ({ toolResult: { toolUseId: id, content: [{ text: `result ${id}` }] } })),
});
const says = (text: string): Message => ({ role: "assistant", content: [{ text }] });

describe("repairHistory", () => {
  test("drops a leading message of tool results whose tool uses were trimmed away", () => {
    const repaired = repairHistory([answers("a"), asksTool("b"), answers("b")]);
    expect(repaired).toEqual([
      { role: "user", content: [{ text: OMITTED_HISTORY_TEXT }] },
      asksTool("b"),
      answers("b"),
    ]);
  });

  test("keeps the text of a leading user message and strips its orphaned tool results", () => {
    const mixed: Message = { role: "user", content: [...(answers("a").content ?? []), { text: "next" }] };
    expect(repairHistory([mixed, says("ok")])).toEqual([user("next"), says("ok")]);
  });

  test("puts a marker user message in front of a history that starts with the model's turn", () => {
    expect(repairHistory([says("hi"), user("again")])[0]).toEqual(user(OMITTED_HISTORY_TEXT));
  });

  test("returns a valid history unchanged, message for message", () => {
    const history = [user("q"), asksTool("a"), answers("a"), says("done"), user("more")];
    const repaired = repairHistory(history);
    expect(repaired).toEqual(history);
    for (const [index, message] of repaired.entries()) expect(message).toBe(history[index]);
  });

  test("merges user messages a trim left adjacent", () => {
    expect(repairHistory([user("a"), user("b")])).toEqual([
      { role: "user", content: [{ text: "a" }, { text: "b" }] },
    ]);
  });
});

describe("protectedTailStart", () => {
  test("covers the latest assistant turn that asked for tools and its results", () => {
    expect(protectedTailStart([user("q"), asksTool("a"), answers("a")])).toBe(1);
  });

  test("is the last message when the history ends with the user speaking", () => {
    expect(protectedTailStart([user("q"), says("a"), user("r")])).toBe(2);
  });
});
