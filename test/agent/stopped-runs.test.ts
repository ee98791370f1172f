import type { Message } from "@aws-sdk/client-bedrock-runtime";
import { closingNote, INTERRUPTED_NOTE, InMemoryConversationStore, stopWhen } from "@lode/core";
import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { lodeErrorOf, requestBody, scriptedAgentPerTest } from "../support/scripted-agent.js";
import { waitingTool } from "../support/waiting-tool.js";

const startAgent = scriptedAgentPerTest();

/** A slow streamed answer: a run stopped while it streams has seen only its start. */
const slowAnswer = { text: "This answer arrives two letters at a time, slowly.", chunkSize: 2, delayMs: 300 };

/** Turns answered in order, one per request, whatever the history holds (for scripts spanning runs). */
function sequential(...turns: object[]) {
  return { models: { "*": { selection: "sequential" as const, turns } } };
}

/** The text of the deltas the agent's listeners heard, joined. */
function heardText(agent: { on(type: "text-delta", listener: (event: { text: string }) => void): unknown }) {
  let text = "";
  agent.on("text-delta", (event) => {
    text += event.text;
  });
  return () => text;
}

/** Runs "Go on." on the session and checks bedrock-local accepted the stored history before it. */
async function expectSessionGoesOn(
  harness: Awaited<ReturnType<typeof startAgent>>,
  store: InMemoryConversationStore,
  request: number,
  answer: string,
) {
  const stored = await store.load("s");
  const next = await harness.agent.run("Go on.", { sessionId: "s" });
  expect(next.text).toBe(answer);
  expect(harness.server.requests[request]?.status).toBe(200);
  expect(requestBody(harness.server, request).messages).toEqual([
    ...stored.messages,
    { role: "user", content: [{ text: "Go on." }] },
  ]);
}

describe("a stopped run's session", () => {
  test("keeps the question and the partial answer, then the interrupted note, when aborted mid-stream", async () => {
    const store = new InMemoryConversationStore();
    const harness = await startAgent(sequential(slowAnswer, { text: "As I was saying." }), { store });
    const controller = new AbortController();
    const streamed = heardText(harness.agent);
    harness.agent.on("text-delta", () => controller.abort());
    const error = await lodeErrorOf(harness.agent.run("Hi", { signal: controller.signal, sessionId: "s" }));
    harness.agent.removeAllListeners();

    expect(error.code).toBe("aborted");
    expect(streamed()).toBe("Th");
    expect((await store.load("s")).messages).toEqual([
      { role: "user", content: [{ text: "Hi" }] },
      { role: "assistant", content: [{ text: "Th" }, { text: INTERRUPTED_NOTE }] },
    ]);
    await expectSessionGoesOn(harness, store, 1, "As I was saying.");
  });

  test("keeps the question and the interrupted note when aborted before anything streamed", async () => {
    const store = new InMemoryConversationStore();
    const harness = await startAgent(sequential(slowAnswer, { text: "Hello." }), { store });
    const controller = new AbortController();
    harness.agent.on("step-start", () => controller.abort());
    const error = await lodeErrorOf(harness.agent.run("Hi", { signal: controller.signal, sessionId: "s" }));
    harness.agent.removeAllListeners();

    expect(error.code).toBe("aborted");
    expect((await store.load("s")).messages).toEqual([
      { role: "user", content: [{ text: "Hi" }] },
      { role: "assistant", content: [{ text: INTERRUPTED_NOTE }] },
    ]);
  });

  test("keeps the partial answer the same way when timeoutMs fires mid-stream", async () => {
    const store = new InMemoryConversationStore();
    const harness = await startAgent(sequential(slowAnswer, { text: "As I was saying." }), { store });
    const streamed = heardText(harness.agent);
    const error = await lodeErrorOf(harness.agent.run("Hi", { timeoutMs: 1_000, sessionId: "s" }));

    expect(error.code).toBe("timeout");
    expect(streamed()).not.toBe("");
    expect(slowAnswer.text.startsWith(streamed())).toBe(true);
    expect((await store.load("s")).messages).toEqual([
      { role: "user", content: [{ text: "Hi" }] },
      { role: "assistant", content: [{ text: streamed() }, { text: INTERRUPTED_NOTE }] },
    ]);
    await expectSessionGoesOn(harness, store, 1, "As I was saying.");
  });

  test("answers a tool cut off by timeoutMs with a cancelled error result and closes the turn", async () => {
    const store = new InMemoryConversationStore();
    const wait = waitingTool();
    const harness = await startAgent(
      sequential(
        { content: [{ toolUse: { name: "wait", input: {}, id: "tu_1" } }] },
        { text: "Carrying on." },
      ),
      { store, tools: [wait.tool] },
    );
    const error = await lodeErrorOf(harness.agent.run("Wait.", { timeoutMs: 1_000, sessionId: "s" }));

    expect(error.code).toBe("timeout");
    expect(wait.saw()).toBe("aborted");
    const stored = (await store.load("s")).messages;
    expect(stored).toEqual([
      { role: "user", content: [{ text: "Wait." }] },
      { role: "assistant", content: [{ toolUse: { toolUseId: "tu_1", name: "wait", input: {} } }] },
      {
        role: "user",
        content: [
          { toolResult: { toolUseId: "tu_1", status: "error", content: [{ text: expect.any(String) }] } },
        ],
      },
      { role: "assistant", content: [{ text: INTERRUPTED_NOTE }] },
    ]);
    expect(stored[2]?.content?.[0]?.toolResult?.content?.[0]?.text).toMatch(/cancelled/);
    await expectSessionGoesOn(harness, store, 1, "Carrying on.");
  });
});

describe("a stop condition", () => {
  const ping = defineTool({ name: "ping", description: "Pings.", input: z.object({}), run: () => "pong" });

  test("ends the run after a tool step with stop_condition, keeping the tool results and a closing note", async () => {
    const store = new InMemoryConversationStore();
    const harness = await startAgent(
      sequential({ content: [{ toolUse: { name: "ping", input: {}, id: "tu_1" } }] }, { text: "Pong read." }),
      { store, tools: [ping] },
    );
    const result = await harness.agent.run("Ping.", {
      sessionId: "s",
      stopWhen: stopWhen(({ steps }) => steps.length >= 1),
    });

    expect(result.stopReason).toBe("stop_condition");
    expect(harness.server.requests).toHaveLength(1);
    const expected: Message[] = [
      { role: "user", content: [{ text: "Ping." }] },
      { role: "assistant", content: [{ toolUse: { toolUseId: "tu_1", name: "ping", input: {} } }] },
      {
        role: "user",
        content: [{ toolResult: { toolUseId: "tu_1", status: "success", content: [{ text: "pong" }] } }],
      },
      {
        role: "assistant",
        content: [{ text: closingNote({ kind: "limit", reason: "stop_condition" }) }],
      },
    ];
    expect(result.messages).toEqual(expected);
    expect((await store.load("s")).messages).toEqual(expected);
    await expectSessionGoesOn(harness, store, 1, "Pong read.");
  });

  test("is asked with the run's progress before each step", async () => {
    const harness = await startAgent(
      sequential(
        { content: [{ toolUse: { name: "ping", input: {} } }] },
        { content: [{ toolUse: { name: "ping", input: {} } }] },
        { text: "Done." },
      ),
      { tools: [ping] },
    );
    const seen: number[] = [];
    const result = await harness.agent.run("Ping twice.", {
      stopWhen: stopWhen(({ steps }) => {
        seen.push(steps.length);
        return false;
      }),
    });

    expect(result.stopReason).toBe("end_turn");
    expect(seen).toEqual([0, 1, 2]);
  });
});
