import type { AgentEvent } from "@lode/core";
import { streamAgent } from "@lode/core/client";
import { defineTool } from "@lode/tools";
import { expect, test } from "vitest";
import { z } from "zod";
import { scriptOf, startScriptedAgent } from "../support/scripted-agent.js";
import { closeAfterEach } from "./support/close-after-each.js";
import { serveAgent } from "./support/serve-agent.js";

const track = closeAfterEach();

const weather = defineTool({
  name: "get_weather",
  description: "The weather in a city.",
  input: z.object({ city: z.string() }),
  run: ({ city }) => `Sunny in ${city}.`,
});

test("50 concurrent streams against one bedrock-local each deliver every event of their run", async () => {
  const harness = track(
    await startScriptedAgent(
      scriptOf(
        {
          content: [{ text: "Checking." }, { toolUse: { name: "get_weather", input: { city: "Lisbon" } } }],
          chunkSize: 4,
        },
        { text: "It is sunny in Lisbon, a fine day for a walk by the river.", chunkSize: 4 },
      ),
      { tools: [weather] },
    ),
  );
  const server = track(await serveAgent(harness.agent, "node"));
  const producedByRun = new Map<string, AgentEvent[]>();
  harness.agent.on("event", (event) => {
    const events = producedByRun.get(event.runId) ?? [];
    events.push(event);
    producedByRun.set(event.runId, events);
  });

  const runs = await Promise.all(
    Array.from({ length: 50 }, async (_, index) => {
      const events: AgentEvent[] = [];
      for await (const event of streamAgent(server!.url, { input: `Weather, please (${index})` }))
        events.push(event);
      return events;
    }),
  );

  expect(new Set(runs.map((events) => events[0]?.runId)).size).toBe(50);
  for (const events of runs) {
    expect(events.at(-1)).toMatchObject({
      type: "run-end",
      result: { text: expect.stringContaining("Lisbon") },
    });
    expect(events).toEqual(producedByRun.get(events[0]!.runId));
  }
  expect(harness.server.requests).toHaveLength(100);
}, 30_000);
