import { type IncomingMessage, request } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { type AgentEvent, toEventStream } from "@lode/core";
import { readAgentEvents } from "@lode/core/client";
import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { abortedOrAfter, lodeErrorOf, scriptOf, startScriptedAgent } from "../support/scripted-agent.js";
import { closeAfterEach } from "./support/close-after-each.js";
import { serveAgent, TRANSPORTS } from "./support/serve-agent.js";

const track = closeAfterEach();

/** Resolves once `count()` has stopped changing for `quietMs` (the run is held back, or has ended). */
async function settled(count: () => number, quietMs = 300): Promise<number> {
  let last = -1;
  while (count() !== last) {
    last = count();
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
  return last;
}

function isSettled(promise: Promise<unknown>): Promise<boolean> {
  const pending = Symbol("pending");
  return Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    Promise.resolve(pending),
  ]).then((value) => value !== pending);
}

describe("toEventStream", () => {
  test("lets the run run at most one event ahead of its reader", async () => {
    const harness = track(await startScriptedAgent(scriptOf({ text: "x".repeat(300), chunkSize: 1 })));
    let produced = 0;
    harness.agent.on("event", () => produced++);
    const stream = harness.agent.stream("Hi");
    const reader = toEventStream(stream).getReader();

    for (let read = 1; read <= 40; read++) {
      await reader.read();
      expect(produced).toBeLessThanOrEqual(read + 1);
    }
    // The reader pauses: whatever the run gets to do meanwhile, it cannot pull another event.
    await settled(() => produced);
    expect(produced).toBeLessThanOrEqual(41);

    await reader.cancel();
    expect((await lodeErrorOf(stream.result)).code).toBe("aborted");
  });

  test("aborts a running tool at once when cancelled while the run waits on it", async () => {
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
    const harness = track(
      await startScriptedAgent(
        scriptOf({ content: [{ toolUse: { name: "wait", input: {} } }] }, { text: "Done." }),
        { tools: [wait] },
      ),
    );
    const stream = harness.agent.stream("Wait.");
    const reader = toEventStream(stream).getReader();
    for (let next = await reader.read(); next.value?.type !== "tool-progress"; next = await reader.read());

    // A read is pending on the tool now; cancelling must not wait for it.
    const pending = reader.read();
    const started = performance.now();
    await reader.cancel();

    expect(await pending).toEqual({ done: true, value: undefined });
    expect(toolSaw).toBe("aborted");
    expect(performance.now() - started).toBeLessThan(2_000);
    expect((await lodeErrorOf(stream.result)).code).toBe("aborted");
  });
});

/**
 * Over a Unix socket, whose kernel buffers are small and fixed (about 200 KiB), unlike loopback TCP's,
 * which grow to megabytes: a client that does not read must hold the run back after a bounded number of
 * its 4 KB events, well short of the run's end.
 */
describe.each(TRANSPORTS)("Server-Sent Events to a client that does not read (%s)", (transport) => {
  test("hold the run back after a bounded number of events, and deliver all of them once read", async () => {
    const deltas = 500;
    const harness = track(
      await startScriptedAgent(scriptOf({ text: "x".repeat(4_000 * deltas), chunkSize: 4_000 })),
    );
    const socketPath = path.join(tmpdir(), `lode-backpressure-${process.pid}-${transport}.sock`);
    const server = track(await serveAgent(harness.agent, transport, "lode", { socketPath }));
    const produced: AgentEvent[] = [];
    harness.agent.on("event", (event) => produced.push(event));

    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const outgoing = request({ socketPath, path: "/", method: "POST" }, resolve).on("error", reject);
      outgoing.end(JSON.stringify({ input: "Hi" }));
    });
    response.pause();
    while (produced.length < 3) await new Promise((resolve) => setTimeout(resolve, 10));
    const heldAt = await settled(() => produced.length);

    expect(heldAt).toBeLessThan(200);
    expect(await isSettled(server.streams[0]!.result)).toBe(false);

    const received: AgentEvent[] = [];
    for await (const event of readAgentEvents(Readable.toWeb(response) as ReadableStream<Uint8Array>))
      received.push(event);
    // run-start, step-start, text-start, the deltas, text-end, usage, message, step-end, run-end
    expect(received).toHaveLength(deltas + 8);
    expect(received).toEqual(produced);
  }, 30_000);
});
