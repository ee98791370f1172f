import { type AgentEvent, readAgentEvents } from "@lode/core";
import { script as buildScript } from "@lode/testing";
import { installLodeMatchers } from "@lode/testing/vitest";
import { afterEach, describe, expect, it } from "vitest";
import { type ChatServer, startChatServer } from "./chat-server.js";

installLodeMatchers();
let server: ChatServer | undefined;
afterEach(() => server?.close());

/** Sequential: each request gets the next turn, whatever its conversation holds. */
const script = buildScript()
  .model("*", { selection: "sequential" })
  .text("First answer.")
  .turn((t) => t.text("A slow answer. ".repeat(40)).streaming({ chunkSize: 4, delayMs: 30 }))
  // Answered only when the request carries the first exchange, the stopped one (its question and the
  // partial answer, marked as interrupted) and the new question.
  .turn((t) => t.text("Third answer.").expects({ lastUserText: "third", messageCount: 5 }))
  .build();

function postChat(body: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch(`${server?.url}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
}

async function collect(response: Response): Promise<AgentEvent[]> {
  const events: AgentEvent[] = [];
  for await (const event of readAgentEvents(response)) events.push(event);
  return events;
}

describe("POST /api/chat", () => {
  it("streams a run's events and keeps the conversation by session id", async () => {
    server = await startChatServer({
      script: buildScript()
        .text("First answer.")
        // Answered only when the request carries the first exchange and the new question.
        .turn((t) => t.text("Second answer.").expects({ lastUserText: "second", messageCount: 3 }))
        .build(),
    });
    const first = await postChat({ message: "first", sessionId: "s1" });
    expect(first.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = await collect(first);
    expect(events.at(-1)?.type).toBe("run-end");
    expect(events.filter((event) => event.type === "text-delta").length).toBeGreaterThan(0);

    const second = await collect(await postChat({ message: "second", sessionId: "s1" }));
    const end = second.at(-1);
    expect(end?.type === "run-end" && end.result.text).toBe("Second answer.");
    // A chat without tool calls: the streamed events say so.
    expect(second).toHaveToolTrajectory([], "strict");
    expect(server.runs.map((run) => run.status)).toEqual(["completed", "completed"]);
  });

  it("aborts the run when the client goes away, and the session stays usable", async () => {
    server = await startChatServer({ script });
    await collect(await postChat({ message: "first", sessionId: "s2" }));
    const controller = new AbortController();
    const response = await postChat({ message: "second", sessionId: "s2" }, controller.signal);
    const reading = (async () => {
      for await (const event of readAgentEvents(response, { signal: controller.signal })) {
        if (event.type === "text-delta") controller.abort();
      }
    })();
    await expect(reading).rejects.toThrow(/aborted/);
    await expect.poll(() => server?.runs[1]?.status, { timeout: 5_000 }).toBe("aborted");

    // The script answers the third request only if it carries both exchanges and the new question.
    const third = await collect(await postChat({ message: "third", sessionId: "s2" }));
    const end = third.at(-1);
    expect(end?.type === "run-end" && end.result.text).toBe("Third answer.");
    expect(server.runs.map((run) => run.status)).toEqual(["completed", "aborted", "completed"]);
  });

  it("rejects a bad body with 400, other content types with 415, a second run on a busy session with 409", async () => {
    server = await startChatServer({ script });
    expect((await postChat({ message: "", sessionId: "s3" })).status).toBe(400);
    expect((await postChat({ message: "hi", sessionId: "not a valid id!" })).status).toBe(400);
    expect((await postChat({ message: "hi" })).status).toBe(400);
    const form = await fetch(`${server.url}/api/chat`, { method: "POST", body: "message=hi&sessionId=s3" });
    expect(form.status).toBe(415);

    await collect(await postChat({ message: "first", sessionId: "s3" }));
    const controller = new AbortController();
    const slow = await postChat({ message: "second", sessionId: "s3" }, controller.signal);
    const busy = await postChat({ message: "again", sessionId: "s3" });
    expect(busy.status).toBe(409);
    controller.abort();
    await slow.body?.cancel().catch(() => {});
  });
});
