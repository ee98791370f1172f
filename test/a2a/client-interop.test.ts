import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { a2aAgent, serveA2A } from "@lode/a2a";
import { type Agent, InMemoryConversationStore } from "@lode/core";
import { defineTool } from "@lode/tools";
import { afterEach, describe, expect, test } from "vitest";
import { z } from "zod";
import {
  collectEvents,
  eventsOfType,
  scriptedAgentPerTest,
  toolResultsSent,
} from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** Serves a Lode agent with serveA2A on loopback; returns its A2A URL. */
async function serveLode(agent: Agent): Promise<string> {
  let served: ReturnType<typeof serveA2A> | undefined;
  const http = createServer((request, response) => served?.listener(request, response));
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/a2a`;
  const server = serveA2A(agent, { url });
  served = server;
  closers.push(async () => {
    server.close();
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  });
  return url;
}

describe("Lode's client against Lode's server (serveA2A)", () => {
  test("a served Lode agent as a tool: its answer streams under the caller's path and answers the call", async () => {
    const harness = await startAgent({
      models: {
        "support-model": {
          turns: [
            { content: [{ toolUse: { name: "orders", input: { task: "Where is order 42?" }, id: "tu_1" } }] },
            { text: "It ships Monday." },
          ],
        },
        "orders-model": { turns: [{ text: "Order 42 ships Monday." }] },
      },
    });
    const orders = harness.createAgent({ modelId: "orders-model", name: "orders" });
    const url = await serveLode(orders);
    const support = harness.createAgent({
      modelId: "support-model",
      name: "support",
      tools: [a2aAgent(url, { name: "orders" }).asTool()],
    });
    const stream = support.stream("Where is my order 42?");
    const events = await collectEvents(stream);

    expect((await stream.result).text).toBe("It ships Monday.");
    expect(toolResultsSent(harness.server, 2)).toEqual([
      { toolUseId: "tu_1", status: "success", content: [{ text: "Order 42 ships Monday." }] },
    ]);
    const remoteText = eventsOfType(events, "text-delta").filter(
      (event) => event.agentPath.join("/") === "support/orders",
    );
    expect(remoteText.map((event) => event.text).join("")).toBe("Order 42 ships Monday.");
  });

  test("a served agent's call waiting for approval pauses the caller; the decision resumes it remotely", async () => {
    const booked: string[] = [];
    const bookTrip = defineTool({
      name: "book_trip",
      description: "Books a trip to a city.",
      input: z.object({ city: z.string() }),
      needsApproval: true,
      run: ({ city }) => {
        booked.push(city);
        return { booked: city };
      },
    });
    const harness = await startAgent({
      models: {
        "desk-model": {
          selection: "sequential" as const,
          turns: [
            { content: [{ toolUse: { name: "travel", input: { task: "Book Oslo." }, id: "tu_1" } }] },
            { text: "Your trip is booked." },
          ],
        },
        "travel-model": {
          selection: "sequential" as const,
          turns: [
            { content: [{ toolUse: { name: "book_trip", input: { city: "Oslo" }, id: "tu_oslo" } }] },
            { text: "Oslo is booked." },
          ],
        },
      },
    });
    const travel = harness.createAgent({
      modelId: "travel-model",
      name: "travel",
      tools: [bookTrip],
      store: new InMemoryConversationStore(),
    });
    const url = await serveLode(travel);
    const desk = harness.createAgent({
      modelId: "desk-model",
      name: "desk",
      tools: [a2aAgent(url, { name: "travel" }).asTool()],
    });
    const paused = await desk.run("Book me Oslo.", { sessionId: "trip-1" });

    expect(paused.stopReason).toBe("awaiting_approval");
    expect(paused.pendingApprovals).toMatchObject([
      { toolName: "travel", agentPath: ["desk", "travel"], parentToolUseId: "tu_1" },
    ]);
    expect(booked).toEqual([]);
    const taskId = paused.pendingApprovals[0]?.toolUseId as string;
    const done = await desk.run(
      { decisions: [{ toolUseId: taskId, approved: true }] },
      { sessionId: "trip-1" },
    );

    expect(done.text).toBe("Your trip is booked.");
    expect(booked).toEqual(["Oslo"]);
    const [answer] = toolResultsSent(harness.server, 3);
    expect(answer).toEqual({ toolUseId: "tu_1", status: "success", content: [{ text: "Oslo is booked." }] });
  });
});
