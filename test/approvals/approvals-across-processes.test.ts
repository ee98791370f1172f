import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { type BedrockLocal, startBedrockLocal } from "@lode/bedrock-local";
import { RedisConversationStore } from "@lode/memory";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { REDIS_URL } from "../memory/support/servers.js";
import { scriptOf } from "../support/scripted-agent.js";
import { inWorkerProcess } from "../support/worker-process.js";
import { TWO_APPROVALS } from "./support/trip-tools.js";

const WORKER = fileURLToPath(new URL("./support/approval-worker.ts", import.meta.url));

let server: BedrockLocal;
const keyPrefix = `lode-test-approvals-${randomUUID()}:`;
const store = new RedisConversationStore({ url: REDIS_URL, keyPrefix });
beforeAll(async () => {
  server = await startBedrockLocal({
    script: scriptOf(TWO_APPROVALS, { text: "Oslo is booked; Lima was refused." }),
  });
});
afterAll(async () => {
  for (const sessionId of await store.listSessions()) await store.delete(sessionId);
  await store.close();
  await server?.close();
});

/** One run in a process of its own, on the session in Redis; what it printed. */
async function inNewProcess(sessionId: string, mode: "ask" | "decide", argument: string) {
  const args = [server.clientConfig.endpoint, REDIS_URL, keyPrefix, sessionId, mode, argument];
  // biome-ignore lint/suspicious/noExplicitAny: the worker's printed JSON, read field by field below.
  return (await inWorkerProcess(WORKER, args)) as any;
}

describe("approval across processes, on the Redis store", () => {
  test("resumes in a second process a run that ended waiting, approving one call and denying the other", async () => {
    const sessionId = `trip-${randomUUID()}`;
    const first = await inNewProcess(sessionId, "ask", "Book Oslo and Lima.");

    expect(first.stopReason).toBe("awaiting_approval");
    expect(first.pendingApprovals.map((request: { toolUseId: string }) => request.toolUseId)).toEqual([
      "tu_oslo",
      "tu_lima",
    ]);
    // The call that needed no approval ran in the first process; nothing was booked there.
    expect(first.weatherCalls).toEqual(["Oslo"]);
    expect(first.booked).toEqual([]);

    const decisions = [
      { toolUseId: "tu_oslo", approved: true },
      { toolUseId: "tu_lima", approved: false, reason: "Too far." },
    ];
    const second = await inNewProcess(sessionId, "decide", JSON.stringify(decisions));

    expect(second.stopReason).toBe("end_turn");
    expect(second.text).toBe("Oslo is booked; Lima was refused.");
    expect(second.booked).toEqual([{ city: "Oslo", price: 250 }]);
    // Its result was kept: the weather is not asked again.
    expect(second.weatherCalls).toEqual([]);
    // The second process's result records the calls it answered, as the paused step (0) it finished.
    expect(second.toolCalls).toEqual([
      [0, "tu_oslo", "success"],
      [0, "tu_lima", "error"],
    ]);
    expect(second.steps).toEqual([
      [0, ["tu_oslo", "tu_lima"]],
      [1, []],
    ]);
    // bedrock-local checked every request it got: none held a toolUse without its toolResult.
    const converse = server.requests.filter((entry) => entry.operation?.startsWith("Converse"));
    expect(converse.map((entry) => entry.status)).toEqual([200, 200]);
    const stored = (await store.load(sessionId)).messages;
    expect(stored.map((message) => message.role)).toEqual(["user", "assistant", "user", "assistant"]);
    expect(
      stored[2]?.content?.map((block) => [block.toolResult?.toolUseId, block.toolResult?.status]),
    ).toEqual([
      ["tu_oslo", "success"],
      ["tu_lima", "error"],
      ["tu_weather", "success"],
    ]);
  }, 30_000);
});
