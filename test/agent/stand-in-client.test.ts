import type { BedrockRuntimeClient, ConverseStreamOutput } from "@aws-sdk/client-bedrock-runtime";
import { Agent, LodeError } from "@lode/core";
import { describe, expect, test } from "vitest";

const ANSWER: ConverseStreamOutput[] = [
  { messageStart: { role: "assistant" } },
  { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "Hello from a stand-in." } } },
  { contentBlockStop: { contentBlockIndex: 0 } },
  { messageStop: { stopReason: "end_turn" } },
  { metadata: { usage: { inputTokens: 3, outputTokens: 4, totalTokens: 7 }, metrics: { latencyMs: 1 } } },
];

/** A test double with nothing but `send`, as people write one: no config, no middleware stack. */
function standIn(send: () => Promise<unknown>): BedrockRuntimeClient {
  return { send } as unknown as BedrockRuntimeClient;
}

async function* eventsOf(events: ConverseStreamOutput[]) {
  for (const event of events) yield event;
}

describe("a client that is only a send function", () => {
  test("runs an agent to its answer", async () => {
    const client = standIn(async () => ({ $metadata: {}, stream: eventsOf(ANSWER) }));
    const result = await new Agent({ modelId: "stand-in", client }).run("Hi");
    expect(result.text).toBe("Hello from a stand-in.");
  });

  test("fails a run with its own error, not one about the config it lacks", async () => {
    const failure = new Error("the double says no");
    const client = standIn(async () => {
      throw failure;
    });
    const error = await new Agent({ modelId: "stand-in", client, retry: { maxAttempts: 1 } })
      .run("Hi")
      .catch((thrown: unknown) => thrown);
    expect(LodeError.isInstance(error)).toBe(true);
    expect((error as LodeError).cause).toBe(failure);
  });
});
