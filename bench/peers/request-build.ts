/**
 * How long Lode takes to build one request of a long session: from `agent.run` to the client's `send`, over a
 * session already holding `size` messages (the store's load, the transcript's history, the request itself). An
 * in-process stand-in client answers at once, so only Lode's work counts; the SDK's serialising of the same
 * messages comes after and is the SDK's floor. Linear in the session's size is the target: the figures at
 * several sizes, and their ratios, show it.
 */
import type { BedrockRuntimeClient, Message } from "@aws-sdk/client-bedrock-runtime";
import { Agent, InMemoryConversationStore } from "@lode/core";
import { TEXT_TURN } from "../support/stand-in-client.js";
import { median } from "../support/stats.js";

/** A user or assistant message of about 300 characters, as a chat's history holds. */
function messageAt(index: number): Message {
  const role = index % 2 === 0 ? "user" : "assistant";
  return {
    role,
    content: [{ text: `${role} message ${index}: ${"lorem ipsum dolor sit amet ".repeat(11)}` }],
  };
}

/** A client that notes when each request reaches it and answers with one short text turn. */
function timingClient(onSend: () => void): BedrockRuntimeClient {
  async function* events() {
    for (const event of TEXT_TURN) yield structuredClone(event);
  }
  const send = async () => {
    onSend();
    return { $metadata: { requestId: "r" }, stream: events() };
  };
  return { send, destroy() {} } as unknown as BedrockRuntimeClient;
}

/** Median ms from `agent.run` to the request's send, by session size. */
export async function measureRequestBuild(
  sizes: readonly number[],
  samples = 25,
): Promise<Map<number, number>> {
  let sentAt = 0;
  const store = new InMemoryConversationStore();
  const agent = new Agent({
    modelId: "m",
    store,
    client: timingClient(() => {
      sentAt = performance.now();
    }),
  });
  const histories = new Map(
    sizes.map((size) => [size, Array.from({ length: size }, (_, i) => messageAt(i))]),
  );
  const times = new Map<number, number[]>(sizes.map((size) => [size, []]));
  // Interleaved, after a warm-up of each size, as every figure of the bench.
  for (let round = -3; round < samples; round++)
    for (const size of sizes) {
      // Each sample starts from the same session: the run before it added its own messages.
      await store.delete(`session-${size}`);
      await store.append(`session-${size}`, histories.get(size) ?? [], 0);
      const started = performance.now();
      await agent.run("And one more question.", { sessionId: `session-${size}` });
      if (round >= 0) times.get(size)?.push(sentAt - started);
    }
  return new Map([...times].map(([size, ms]) => [size, median(ms)]));
}
