/**
 * An in-process stand-in for the Bedrock client, for benchmarks of Lode's own CPU: ConverseStream events
 * come back already parsed, so no network, no server and no SDK parsing count.
 */
import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";

const usage = { usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 }, metrics: { latencyMs: 1 } };
export const TOOL_TURN = [
  { messageStart: { role: "assistant" } },
  {
    contentBlockStart: { contentBlockIndex: 0, start: { toolUse: { toolUseId: "t1", name: "get_weather" } } },
  },
  { contentBlockDelta: { contentBlockIndex: 0, delta: { toolUse: { input: '{"city":' } } } },
  { contentBlockDelta: { contentBlockIndex: 0, delta: { toolUse: { input: '"Paris"}' } } } },
  { contentBlockStop: { contentBlockIndex: 0 } },
  {
    contentBlockStart: { contentBlockIndex: 1, start: { toolUse: { toolUseId: "t2", name: "get_weather" } } },
  },
  { contentBlockDelta: { contentBlockIndex: 1, delta: { toolUse: { input: '{"city":"Oslo"}' } } } },
  { contentBlockStop: { contentBlockIndex: 1 } },
  { messageStop: { stopReason: "tool_use" } },
  { metadata: usage },
];
export const TEXT_TURN = [
  { messageStart: { role: "assistant" } },
  ...["Paris ", "is sunny ", "and Oslo ", "is cloudy", "."].map((text) => ({
    contentBlockDelta: { contentBlockIndex: 0, delta: { text } },
  })),
  { contentBlockStop: { contentBlockIndex: 0 } },
  { messageStop: { stopReason: "end_turn" } },
  { metadata: usage },
];

/** A stand-in client whose n-th ConverseStream call answers with the n-th turn of `turns`, cycling. */
export function standInClient(turns: object[][]): BedrockRuntimeClient {
  let calls = 0;
  async function* events(turn: object[]) {
    for (const event of turn) yield structuredClone(event);
  }
  const send = async () => ({
    $metadata: { requestId: "r" },
    stream: events(turns[calls++ % turns.length] ?? []),
  });
  return { send, destroy() {} } as unknown as BedrockRuntimeClient;
}
