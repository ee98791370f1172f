import { describe, expect, it } from "vitest";
import { guardedInputTexts, toGuardrailTexts, withReplacedTexts } from "./converse-guarded-input.js";

describe("guardedInputTexts", () => {
  it("reads every text block of every message when there is no guardContent, and no system text", () => {
    const body = {
      system: [{ text: "You are terse." }],
      messages: [
        { role: "user", content: [{ text: "First question" }] },
        {
          role: "assistant",
          content: [{ text: "First answer" }, { toolUse: { toolUseId: "t", name: "n", input: {} } }],
        },
        {
          role: "user",
          content: [
            { toolResult: { toolUseId: "t", content: [{ text: "tool output ana@example.com" }] } },
            { text: "Second question" },
          ],
        },
      ],
    };
    expect(guardedInputTexts(body)).toEqual([
      { text: "First question", path: ["messages", 0, "content", 0, "text"] },
      { text: "First answer", path: ["messages", 1, "content", 0, "text"] },
      { text: "Second question", path: ["messages", 2, "content", 1, "text"] },
    ]);
  });

  it("reads only guardContent blocks, with their qualifiers, once a message has one", () => {
    const body = {
      system: [
        { text: "not guarded" },
        { guardContent: { text: { text: "System rule", qualifiers: ["guard_content"] } } },
      ],
      messages: [
        { role: "user", content: [{ text: "Earlier question" }] },
        { role: "assistant", content: [{ text: "Earlier answer" }] },
        {
          role: "user",
          content: [
            { guardContent: { text: { text: "Source text", qualifiers: ["grounding_source"] } } },
            { guardContent: { text: { text: "Latest question" } } },
            { guardContent: { image: { format: "png", source: { bytes: "AAAA" } } } },
          ],
        },
      ],
    };
    const texts = guardedInputTexts(body);
    expect(texts.map(({ text, qualifiers }) => ({ text, qualifiers }))).toEqual([
      { text: "System rule", qualifiers: ["guard_content"] },
      { text: "Source text", qualifiers: ["grounding_source"] },
      { text: "Latest question", qualifiers: undefined },
    ]);
    expect(toGuardrailTexts(texts)).toEqual([
      { text: "System rule", qualifiers: ["guard_content"] },
      { text: "Source text", qualifiers: ["grounding_source"] },
      "Latest question",
    ]);
    expect(texts[2]?.path).toEqual(["messages", 2, "content", 1, "guardContent", "text", "text"]);
  });

  it("writes replacements back into a copy, leaving the request untouched", () => {
    const body = { messages: [{ role: "user", content: [{ text: "Mail ana@example.com" }] }] };
    const copy = withReplacedTexts(body, guardedInputTexts(body), ["Mail {EMAIL}"]);
    expect(copy.messages).toEqual([{ role: "user", content: [{ text: "Mail {EMAIL}" }] }]);
    expect(body.messages[0]?.content[0]?.text).toBe("Mail ana@example.com");
  });
});
