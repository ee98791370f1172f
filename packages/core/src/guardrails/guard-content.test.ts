import type { Message } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, test } from "vitest";
import { applyGuardContent, guarded, planGuardContent } from "./guard-content.js";

const history: Message[] = [
  { role: "user", content: [{ text: "earlier question" }] },
  { role: "assistant", content: [{ text: "earlier answer" }] },
];
const input: Message[] = [{ role: "user", content: [{ text: "context" }, guarded("question")] }];

function requestFor(mode: Parameters<typeof planGuardContent>[1]): Message[] {
  const { messages, plan } = planGuardContent(input, mode);
  return applyGuardContent([...history, ...messages], plan);
}

describe("guardContent planning", () => {
  test("keeps marked blocks as plain text in the history", () => {
    const { messages } = planGuardContent(input, "marked");
    expect(messages).toEqual([{ role: "user", content: [{ text: "context" }, { text: "question" }] }]);
  });

  test("wraps only the latest user message's text in latest-user-message mode", () => {
    expect(requestFor("latest-user-message")).toEqual([
      ...history,
      {
        role: "user",
        content: [
          { guardContent: { text: { text: "context" } } },
          { guardContent: { text: { text: "question" } } },
        ],
      },
    ]);
  });

  test("wraps every user text in all-user-text mode, never an assistant's", () => {
    const request = requestFor("all-user-text");
    expect(request[0]?.content).toEqual([{ guardContent: { text: { text: "earlier question" } } }]);
    expect(request[1]).toBe(history[1]);
  });

  test("wraps only the marked block, with its qualifiers, in marked mode", () => {
    const { messages, plan } = planGuardContent(
      [{ role: "user", content: [{ text: "context" }, guarded("question", { qualifiers: ["query"] })] }],
      "marked",
    );
    expect(applyGuardContent(messages, plan)[0]?.content).toEqual([
      { text: "context" },
      { guardContent: { text: { text: "question", qualifiers: ["query"] } } },
    ]);
  });

  test("sends nothing as guardContent in none mode, marked blocks included", () => {
    expect(requestFor("none")).toEqual([
      ...history,
      { role: "user", content: [{ text: "context" }, { text: "question" }] },
    ]);
  });
});
