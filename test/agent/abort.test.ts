import { getEventListeners } from "node:events";
import { type AgentEvent, INTERRUPTED_NOTE, InMemoryConversationStore } from "@lode/core";
import { describe, expect, test } from "vitest";
import { lodeErrorOf, requestBody, scriptedAgentPerTest, scriptOf } from "../support/scripted-agent.js";
import { waitingTool } from "../support/waiting-tool.js";

const startAgent = scriptedAgentPerTest();

/** A slow streamed answer: long enough that a run that ignored an abort would still be streaming. */
const slowAnswer = { text: "This answer arrives two letters at a time, slowly.", chunkSize: 2, delayMs: 300 };

/** Every toolUse id in the messages that no toolResult answers. */
function unansweredToolUses(
  messages: { content?: { toolUse?: { toolUseId?: string }; toolResult?: { toolUseId?: string } }[] }[],
) {
  const uses = messages.flatMap((message) =>
    (message.content ?? []).flatMap((block) => block.toolUse?.toolUseId ?? []),
  );
  const answered = new Set(
    messages.flatMap((message) =>
      (message.content ?? []).flatMap((block) => block.toolResult?.toolUseId ?? []),
    ),
  );
  return uses.filter((id) => !answered.has(id));
}

describe("aborting a run", () => {
  test("cancels the model call mid-stream and rejects as aborted", async () => {
    const harness = await startAgent(scriptOf(slowAnswer));
    const controller = new AbortController();
    harness.agent.on("text-delta", () => controller.abort());
    const error = await lodeErrorOf(harness.agent.run("Hi", { signal: controller.signal }));

    expect(error.code).toBe("aborted");
  });

  test("follows the caller's signal only while the run runs: a stream nobody reads holds no listener", async () => {
    const harness = await startAgent(scriptOf({ text: "Hi." }));
    const controller = new AbortController();
    const stream = harness.agent.stream("Hi", { signal: controller.signal, timeoutMs: 60_000 });
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);

    const running = stream.result;
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    await running;
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  test("rejects at once when the signal is already aborted", async () => {
    const harness = await startAgent(scriptOf({ text: "Hi." }));
    const error = await lodeErrorOf(harness.agent.run("Hi", { signal: AbortSignal.abort() }));

    expect(error.code).toBe("aborted");
  });

  test("leaves the session valid after an abort mid-stream", async () => {
    const store = new InMemoryConversationStore();
    const harness = await startAgent(
      { models: { "*": { selection: "sequential", turns: [slowAnswer, { text: "Hello again." }] } } },
      { store },
    );
    const controller = new AbortController();
    harness.agent.on("text-delta", (event) => event.step === 1 && controller.abort());
    await lodeErrorOf(harness.agent.run("Hi", { signal: controller.signal, sessionId: "s" }));
    harness.agent.removeAllListeners();

    const stored = await store.load("s");
    expect(unansweredToolUses(stored.messages)).toEqual([]);
    const next = await harness.agent.run("Are you there?", { sessionId: "s" });
    expect(next.text).toBe("Hello again.");
    expect(requestBody(harness.server, 1).messages).toEqual([
      ...stored.messages,
      { role: "user", content: [{ text: "Are you there?" }] },
    ]);
  });

  test("cancels running tools and answers their tool uses, so the session can go on", async () => {
    const controller = new AbortController();
    const wait = waitingTool({ beforeWaiting: () => controller.abort() });
    const store = new InMemoryConversationStore();
    const turns = [
      { content: [{ toolUse: { name: "wait", input: {}, id: "tu_1" } }] },
      { text: "Carrying on." },
    ];
    const harness = await startAgent(
      { models: { "*": { selection: "sequential", turns } } },
      { tools: [wait.tool], store },
    );
    const error = await lodeErrorOf(
      harness.agent.run("Wait.", { signal: controller.signal, sessionId: "s" }),
    );

    expect(error.code).toBe("aborted");
    expect(wait.saw()).toBe("aborted");
    const stored = await store.load("s");
    // The cancelled call is answered, and a note closes the turn, so a user message can follow.
    expect(stored.messages.map((message) => message.role)).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
    ]);
    expect(unansweredToolUses(stored.messages)).toEqual([]);
    expect(stored.messages[2]?.content?.[0]?.toolResult).toMatchObject({
      toolUseId: "tu_1",
      status: "error",
    });
    expect(stored.messages[3]?.content).toEqual([{ text: INTERRUPTED_NOTE }]);

    const next = await harness.agent.run("Go on.", { sessionId: "s" });
    expect(next.text).toBe("Carrying on.");
    const lastRequest = requestBody(harness.server, 1);
    expect(lastRequest.messages.map((message: { role: string }) => message.role)).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
      "user",
    ]);
    expect(lastRequest.messages[4].content).toEqual([{ text: "Go on." }]);
  });
});

describe("breaking out of the stream", () => {
  test("aborts the run, and its result rejects as aborted", async () => {
    const harness = await startAgent(scriptOf(slowAnswer));
    const stream = harness.agent.stream("Hi");
    const seen: AgentEvent[] = [];
    for await (const event of stream) {
      seen.push(event);
      if (event.type === "text-delta") break;
    }
    const error = await lodeErrorOf(stream.result);

    expect(error.code).toBe("aborted");
    expect(seen.at(-1)?.type).toBe("text-delta");
  });

  test("still tells the agent's listeners how the abandoned run ended", async () => {
    const harness = await startAgent(scriptOf(slowAnswer));
    const heard: string[] = [];
    harness.agent.on("run-error", (event) => heard.push(event.code));
    const stream = harness.agent.stream("Hi");
    for await (const event of stream) if (event.type === "text-delta") break;
    await lodeErrorOf(stream.result);

    expect(heard).toEqual(["aborted"]);
  });

  test("cancels the tools a broken-off run was running", async () => {
    const wait = waitingTool();
    const harness = await startAgent(
      scriptOf({ content: [{ toolUse: { name: "wait", input: {} } }] }, { text: "Done." }),
      { tools: [wait.tool] },
    );
    const stream = harness.agent.stream("Wait.");
    for await (const event of stream) if (event.type === "tool-progress") break;
    const error = await lodeErrorOf(stream.result);

    expect(error.code).toBe("aborted");
    expect(wait.saw()).toBe("aborted");
    expect(harness.server.requests).toHaveLength(1);
  });

  test("still resolves the result when the loop breaks on the last event", async () => {
    const harness = await startAgent(scriptOf({ text: "Hello." }));
    const stream = harness.agent.stream("Hi");
    for await (const event of stream) if (event.type === "run-end") break;
    const result = await stream.result;

    expect(result.text).toBe("Hello.");
  });
});

describe("a run nothing can abort", () => {
  /** Whether each ConverseStream call the agent made went out with an abort signal. */
  function signalsSent(harness: Awaited<ReturnType<typeof startAgent>>): boolean[] {
    const sent: boolean[] = [];
    const send = harness.client.send.bind(harness.client);
    harness.client.send = ((command: never, options?: { abortSignal?: unknown }) => {
      sent.push(options?.abortSignal !== undefined);
      return send(command, options as never);
    }) as typeof harness.client.send;
    return sent;
  }

  test("sends its model calls without a signal; one a caller's signal, a time limit or a reader can stop sends it", async () => {
    const harness = await startAgent(scriptOf({ text: "Hi." }));
    const sent = signalsSent(harness);

    expect((await harness.agent.run("Hi")).text).toBe("Hi.");
    await harness.agent.run("Hi", { signal: new AbortController().signal });
    await harness.agent.run("Hi", { timeoutMs: 60_000 });
    for await (const _ of harness.agent.stream("Hi"));

    expect(sent).toEqual([false, true, true, true]);
  });
});
