import type { GraphUIMessageChunk } from "@lode/graph";
import { script as buildScript } from "@lode/testing";
import { afterEach, describe, expect, it } from "vitest";
import { type ChatServer, startChatServer } from "./chat-server.js";
import { researchQuestionOf } from "./research-command.js";
import { planTopics } from "./research-graph.js";

let server: ChatServer | undefined;
afterEach(() => server?.close());

function postChat(body: unknown): Promise<Response> {
  return fetch(`${server?.url}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** The chunks of a UI message stream response, up to `data: [DONE]`. */
async function chunksOf(response: Response): Promise<GraphUIMessageChunk[]> {
  const events = (await response.text()).split("\n\n").filter(Boolean);
  expect(events.at(-1)).toBe("data: [DONE]");
  return events.slice(0, -1).map((event) => JSON.parse(event.replace(/^data: /, "")) as GraphUIMessageChunk);
}

describe("a /research message", () => {
  it("runs the research graph and answers with its UI message: a part per task, the agents' text marked", async () => {
    // Every agent of the graph answers "Noted." (a test's script answers all of them).
    server = await startChatServer({ script: buildScript().text("Noted.").build() });
    const response = await postChat({ message: "/research A weekend in Porto", sessionId: "s1" });
    expect(response.headers.get("x-vercel-ai-ui-message-stream")).toBe("v1");
    const chunks = await chunksOf(response);

    const nodes = chunks.flatMap((chunk) => (chunk.type === "data-node" ? [chunk.data] : []));
    // In the order they started, with the fan-out's items; the three searches all start before any ends.
    const started = nodes.filter((node) => node.status === "running");
    expect(started.map((node) => [node.taskId, node.item])).toEqual([
      ["0:plan:0", undefined],
      ["1:search:0", "weather"],
      ["1:search:1", "sights"],
      ["1:search:2", "food"],
      ["2:summarize:0", undefined],
    ]);
    const firstSearchDone = nodes.findIndex((node) => node.node === "search" && node.status === "done");
    expect(nodes.findIndex((node) => node.taskId === "1:search:2")).toBeLessThan(firstSearchDone);
    // The searches end in any order; each task is running, then done.
    for (const taskId of ["0:plan:0", "1:search:0", "1:search:1", "1:search:2", "2:summarize:0"])
      expect(nodes.filter((node) => node.taskId === taskId).map((node) => node.status)).toEqual([
        "running",
        "done",
      ]);

    const texts = chunks.flatMap((chunk) =>
      chunk.type === "text-start" ? [chunk.providerMetadata?.lode] : [],
    );
    expect(
      texts
        .map((marker) => [marker?.parentToolCallId, String(marker?.agentPath).replaceAll(",", "/")])
        .sort(),
    ).toEqual([
      ["1:search:0", "research/search/searcher"],
      ["1:search:1", "research/search/searcher"],
      ["1:search:2", "research/search/searcher"],
      ["2:summarize:0", "research/summarize/summarizer"],
    ]);
    expect(chunks.at(-1)).toEqual({ type: "finish", finishReason: "stop" });
    expect(server.runs).toEqual([
      { sessionId: "s1", message: "/research A weekend in Porto", status: "completed" },
    ]);
  });

  it("asks what to research when the message names nothing", async () => {
    server = await startChatServer({ script: buildScript().text("Noted.").build() });
    const response = await postChat({ message: "/research  ", sessionId: "s1" });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/^Say what to research/);
    expect(server.runs).toEqual([]);
  });
});

describe("researchQuestionOf and planTopics", () => {
  it("reads the question of /research, and only of /research", () => {
    expect(researchQuestionOf("/research A weekend in Porto ")).toBe("A weekend in Porto");
    expect(researchQuestionOf("/RESEARCH\nfood in Oslo")).toBe("food in Oslo");
    expect(researchQuestionOf("/research")).toBe("");
    expect(researchQuestionOf("/researcher Porto")).toBeUndefined();
    expect(researchQuestionOf("Please /research Porto")).toBeUndefined();
  });

  it("searches the topics a question names, or all of them", () => {
    expect(planTopics("Food and sights in Porto")).toEqual(["sights", "food"]);
    expect(planTopics("A weekend in Porto")).toEqual(["weather", "sights", "food"]);
  });
});
