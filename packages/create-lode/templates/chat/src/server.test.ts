import { fileURLToPath } from "node:url";
import { installLodeMatchers, useBedrock } from "@lode/testing/vitest";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createAgent, DEFAULT_MODEL_ID, QUESTION } from "./agent.js";
import { type ChatServer, startChatServer } from "./server.js";

installLodeMatchers();
// Replays the agent's recorded Bedrock traffic: no AWS, the same answers every time. A request that no
// longer matches a recording (a changed prompt, tool or setting) fails, naming the difference.
const bedrock = useBedrock({ recordings: fileURLToPath(new URL("../recordings/", import.meta.url)) });
let server: ChatServer;
beforeAll(async () => {
  server = await startChatServer({
    agent: createAgent({ modelId: DEFAULT_MODEL_ID, client: bedrock.fixture.client }),
  });
});
afterAll(() => server.close());

interface StreamedEvent {
  type: string;
  text?: string;
  toolName?: string;
}

/** The events of a Server-Sent Events body, as the page reads them. */
async function eventsOf(response: Response): Promise<StreamedEvent[]> {
  return (await response.text())
    .split("\n")
    .filter((line) => line.startsWith("data:"))
    .map((line) => JSON.parse(line.slice("data:".length)) as StreamedEvent);
}

test("POST /api/chat streams the run: tool calls, then the answer", async () => {
  const response = await fetch(`${server.url}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ message: QUESTION, sessionId: "test-1" }),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const events = await eventsOf(response);

  expect(events.filter((event) => event.type === "tool-call").map((event) => event.toolName)).toEqual([
    "get_weather",
    "convert_temperature",
  ]);
  const text = events.flatMap((event) => (event.type === "text-delta" ? [event.text] : [])).join("");
  expect(text).toContain("Lisbon is sunny at 21 °C (70 °F)");
  expect(events.at(-1)?.type).toBe("run-end");
});

test("serves the page, and the client modules it imports", async () => {
  const page = await (await fetch(`${server.url}/`)).text();
  expect(page).toContain('import { streamAgent } from "@lode/core/client"');
  const client = await fetch(`${server.url}/lode/client.js`);
  expect(client.headers.get("content-type")).toMatch(/^text\/javascript/);
  expect(await client.text()).toContain("streamAgent");
  expect((await fetch(`${server.url}/lode/../package.json`)).status).toBe(404);
});

test("refuses a request without a message", async () => {
  const response = await fetch(`${server.url}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ sessionId: "test-2" }),
  });
  expect(response.status).toBe(400);
});
