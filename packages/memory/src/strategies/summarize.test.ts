import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, test } from "vitest";
import { SUMMARY_FOOTER, SUMMARY_HEADER, summarize } from "./summarize.js";
import { answers, asksTool, requestFor, says, user } from "./test-messages.test-support.js";

function summarizingClient() {
  const calls: ConverseCommand[] = [];
  return {
    calls,
    send: async (command: unknown) => {
      if (!(command instanceof ConverseCommand)) throw new Error("unexpected command");
      calls.push(command);
      return { output: { message: { role: "assistant", content: [{ text: `summary ${calls.length}` }] } } };
    },
  };
}

const history = [user("q1"), asksTool("t1"), answers("t1"), says("a1"), user("q2"), says("a2"), user("q3")];

describe("summarize", () => {
  test("puts a marked summary of the oldest messages in the first user message", async () => {
    const client = summarizingClient();
    const prepared = await summarize({ keepRecent: 2, modelId: "small" }).prepare(
      requestFor(history, 0, client),
    );
    // The cut moves 2 messages at a time: 7 messages keep the latest 3, starting at q2.
    expect(prepared).toEqual([
      {
        role: "user",
        content: [{ text: `${SUMMARY_HEADER}\nsummary 1\n${SUMMARY_FOOTER}` }, { text: "q2" }],
      },
      says("a2"),
      user("q3"),
    ]);
    expect(client.calls[0]?.input.modelId).toBe("small");
  });

  test("sends the summary on its own before a kept turn of the model", async () => {
    const client = summarizingClient();
    const prepared = await summarize({ keepRecent: 3 }).prepare(requestFor(history, 0, client));
    expect(prepared).toEqual([
      { role: "user", content: [{ text: `${SUMMARY_HEADER}\nsummary 1\n${SUMMARY_FOOTER}` }] },
      ...history.slice(3),
    ]);
  });

  test("never cuts between a tool use and its result", async () => {
    const client = summarizingClient();
    const loop = [
      user("q"),
      asksTool("t1"),
      answers("t1"),
      asksTool("t2"),
      answers("t2"),
      asksTool("t3"),
      answers("t3"),
    ];
    // The cut would fall on answers(t2); it moves back to the tool use.
    const prepared = await summarize({ keepRecent: 2 }).prepare(requestFor(loop, 0, client));
    expect(prepared.slice(1)).toEqual(loop.slice(3));
    expect(prepared[0]?.content?.[0]?.text?.startsWith(SUMMARY_HEADER)).toBe(true);
  });

  test("reuses the cached summary of the same prefix", async () => {
    const client = summarizingClient();
    const strategy = summarize({ keepRecent: 3 });
    await strategy.prepare(requestFor(history, 0, client));
    await strategy.prepare(requestFor([...history, says("a3"), user("q4")].slice(0, 8), 0, client));
    await strategy.prepare(requestFor(history, 0, client));
    expect(client.calls).toHaveLength(1);
  });

  test("leaves a short history alone", async () => {
    const prepared = await summarize({ keepRecent: 10 }).prepare(requestFor(history));
    expect(prepared).toEqual(history);
  });
});
