import type { AgentEvent } from "@lode/core";
import { streamAgent } from "@lode/core/client";
import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import {
  abortedOrAfter,
  lodeErrorOf,
  requestBody,
  scriptOf,
  startScriptedAgent,
} from "../support/scripted-agent.js";
import { closeAfterEach } from "./support/close-after-each.js";
import { serveAgent, TRANSPORTS } from "./support/serve-agent.js";

const track = closeAfterEach();

let toolSaw: string | undefined;
const wait = defineTool({
  name: "wait",
  description: "Waits until cancelled.",
  input: z.object({}),
  run: async (_input, context) => {
    context.progress("waiting");
    toolSaw = await abortedOrAfter(context.signal, 5_000);
    return "done";
  },
});

/** A slow streamed answer: a run that ignored the disconnect would still be streaming it for seconds. */
const slowAnswer = { text: "This answer arrives two letters at a time, slowly.", chunkSize: 2, delayMs: 200 };

/** Reads the run's events until `stopAt` matches one, then aborts the request; returns the reading's error. */
async function disconnectAt(url: string, body: object, stopAt: (event: AgentEvent) => boolean) {
  const controller = new AbortController();
  try {
    for await (const event of streamAgent(url, body, { signal: controller.signal }))
      if (stopAt(event)) controller.abort();
  } catch (error) {
    return error;
  }
  throw new Error("the stream ended without the client disconnecting");
}

/** Every toolUse id in the messages that no toolResult answers. */
function unansweredToolUses(
  messages: { content?: { toolUse?: { toolUseId?: string }; toolResult?: { toolUseId?: string } }[] }[],
) {
  const blocks = messages.flatMap((message) => message.content ?? []);
  const answered = new Set(blocks.flatMap((block) => block.toolResult?.toolUseId ?? []));
  return blocks.flatMap((block) => block.toolUse?.toolUseId ?? []).filter((id) => !answered.has(id));
}

describe.each(TRANSPORTS)("a client that disconnects (%s)", (transport) => {
  test("aborts the run mid-stream, and the session goes on", async () => {
    const harness = track(
      await startScriptedAgent({
        models: { "*": { selection: "sequential", turns: [slowAnswer, { text: "Hello again." }] } },
      }),
    );
    const server = track(await serveAgent(harness.agent, transport));

    const readError = await disconnectAt(
      server.url,
      { input: "Hi", sessionId: "s" },
      (event) => event.type === "text-delta",
    );

    expect(readError).toMatchObject({ name: "LodeError", code: "aborted" });
    const runError = await lodeErrorOf(server.streams[0]!.result);
    expect(runError.code).toBe("aborted");
    const events: AgentEvent[] = [];
    for await (const event of streamAgent(server.url, { input: "Are you there?", sessionId: "s" }))
      events.push(event);
    expect(events.at(-1)).toMatchObject({ type: "run-end", result: { text: "Hello again." } });
    expect(harness.server.requests).toHaveLength(2);
    expect(requestBody(harness.server, 1).messages.at(-1)).toEqual({
      role: "user",
      content: [{ text: "Are you there?" }],
    });
  });

  test("aborts the run when the reader leaves its loop early", async () => {
    const harness = track(await startScriptedAgent(scriptOf(slowAnswer)));
    const server = track(await serveAgent(harness.agent, transport));

    for await (const event of streamAgent(server.url, { input: "Hi" }))
      if (event.type === "text-delta") break;

    expect((await lodeErrorOf(server.streams[0]!.result)).code).toBe("aborted");
  });

  test("aborts the tools the run was running and answers their tool uses", async () => {
    toolSaw = undefined;
    const harness = track(
      await startScriptedAgent(
        {
          models: {
            "*": {
              selection: "sequential",
              turns: [
                { content: [{ toolUse: { name: "wait", input: {}, id: "tu_1" } }] },
                { text: "Carrying on." },
              ],
            },
          },
        },
        { tools: [wait] },
      ),
    );
    const server = track(await serveAgent(harness.agent, transport));

    await disconnectAt(
      server.url,
      { input: "Wait.", sessionId: "s" },
      (event) => event.type === "tool-progress",
    );

    const runError = await lodeErrorOf(server.streams[0]!.result);
    expect(runError.code).toBe("aborted");
    expect(toolSaw).toBe("aborted");
    const events: AgentEvent[] = [];
    for await (const event of streamAgent(server.url, { input: "Go on.", sessionId: "s" }))
      events.push(event);
    // bedrock-local checks the history it is sent: a tool use left unanswered would be rejected.
    expect(events.at(-1)).toMatchObject({ type: "run-end", result: { text: "Carrying on." } });
    const history = requestBody(harness.server, 1).messages;
    // The cancelled call is answered and a note closes the interrupted turn, so "Go on." can follow.
    expect(history.map((message: { role: string }) => message.role)).toEqual([
      "user",
      "assistant",
      "user",
      "assistant",
      "user",
    ]);
    expect(unansweredToolUses(history)).toEqual([]);
    expect(history[2].content[0].toolResult).toMatchObject({ toolUseId: "tu_1", status: "error" });
  });
});
