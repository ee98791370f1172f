import { type AgentEvent, LodeError } from "@lode/core";
import { mcpTools, normalizeMcpTools } from "@lode/tools/mcp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  collectEvents,
  eventsOfType,
  lodeErrorOf,
  type RequestBody,
  requestBody,
  resultText,
  scriptedAgentPerTest,
  scriptOf,
  toolResultsSent,
} from "../support/scripted-agent.js";
import { awkwardServer, LONG_NAME, type ServerLog } from "./support/awkward-server.js";
import { STDIO_SERVER, serveMcpHttp } from "./support/mcp-servers.js";

const startAgent = scriptedAgentPerTest();
/** The name Lode gives the 70-character tool: Bedrock allows 64. */
const LONG = normalizeMcpTools([{ name: LONG_NAME, inputSchema: { type: "object" } }]).tools[0]!.name;

const betaLog: ServerLog = { cancelled: [], calls: [] };
let beta: Awaited<ReturnType<typeof serveMcpHttp>>;
beforeAll(async () => {
  beta = await serveMcpHttp(() => awkwardServer("beta", betaLog));
});
afterAll(async () => {
  await beta?.close();
});

const offeredNames = (body: RequestBody): string[] =>
  body.toolConfig.tools.map((tool: { toolSpec: { name: string } }) => tool.toolSpec.name);

describe("MCP servers' tools in an agent", () => {
  test("offers two servers' awkward tools made valid for Bedrock, and runs them in a full run", async () => {
    const alpha = mcpTools({ name: "alpha", server: STDIO_SERVER });
    const betaTools = mcpTools({ name: "beta", server: { url: beta.url } });
    const harness = await startAgent(
      scriptOf(
        {
          content: [
            { toolUse: { name: "no_description", input: {}, id: "t1" } },
            { toolUse: { name: "scalar_input", input: { value: "hi" }, id: "t2" } },
            { toolUse: { name: LONG, input: {}, id: "t3" } },
            { toolUse: { name: "lookup", input: { word: "hola" }, id: "t4" } },
            { toolUse: { name: "beta_lookup", input: { word: "ciao" }, id: "t5" } },
            { toolUse: { name: "snapshot", input: {}, id: "t6" } },
            { toolUse: { name: "fails", input: {}, id: "t7" } },
          ],
        },
        { text: "All done." },
      ),
      { tools: [alpha, betaTools] },
    );
    try {
      const stream = harness.agent.stream("Use the tools.");
      const events = await collectEvents(stream);
      const result = await stream.result;

      expect(result.text).toBe("All done.");
      // bedrock-local validated both requests: tool names, schemas, and every toolUse answered.
      expect(harness.server.requests.map((entry) => entry.status)).toEqual([200, 200]);
      const first = requestBody(harness.server, 0);
      const names = offeredNames(first);
      expect(names).toContain(LONG);
      expect(names).toContain("beta_lookup");
      expect(names).not.toContain("broken");
      for (const tool of first.toolConfig.tools) {
        expect(tool.toolSpec.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
        expect(tool.toolSpec.description.trim()).not.toBe("");
        expect(tool.toolSpec.inputSchema.json.type).toBe("object");
        expect(tool.toolSpec.inputSchema.json).not.toHaveProperty("$schema");
        expect(tool.toolSpec.inputSchema.json).not.toHaveProperty("anyOf");
      }
      expect(new Set(names).size).toBe(names.length);
      expect(eventsOfType(events, "warning").map((event) => [event.source, event.message])).toEqual(
        expect.arrayContaining([["alpha", expect.stringContaining('"broken"')]]),
      );

      const results = toolResultsSent(harness.server, 1);
      const byId = Object.fromEntries(results.map((item) => [item.toolUseId, item]));
      // A schema that is not an object is wrapped: the model sends { value }, and so does MCP.
      expect(resultText(byId.t2)).toBe('echo: {"value":"hi"}');
      expect(resultText(byId.t4)).toBe("alpha: hola means hello");
      expect(resultText(byId.t5)).toBe("beta: ciao means hello");
      expect(byId.t4.content).toContainEqual({ json: { server: "alpha" } });
      expect(byId.t6.content[0].image.format).toBe("png");
      expect(byId.t7).toMatchObject({ status: "error", content: [{ text: "the database is down" }] });
    } finally {
      await harness.agent.close();
    }
  }, 30_000);

  test("reports a slow call's progress, and cancels it on the server when the run aborts", async () => {
    const tools = mcpTools({ name: "beta", server: { url: beta.url } });
    const harness = await startAgent(
      scriptOf({ content: [{ toolUse: { name: "slow", input: {}, id: "s1" } }] }),
      {
        tools: [tools],
      },
    );
    const controller = new AbortController();
    const seen: AgentEvent[] = [];
    const stream = harness.agent.stream("Slowly.", { signal: controller.signal });
    try {
      for await (const event of stream) {
        seen.push(event);
        if (event.type === "tool-progress" && eventsOfType(seen, "tool-progress").length === 2)
          controller.abort();
      }
    } catch {
      // the aborted run's error, read from its result below
    }
    expect((await lodeErrorOf(stream.result)).code).toBe("aborted");
    expect(eventsOfType(seen, "tool-progress")[0]?.data).toMatchObject({ progress: 1, total: 50 });
    await expect.poll(() => betaLog.cancelled.includes("slow"), { timeout: 5_000 }).toBe(true);
    await harness.agent.close();
  });

  test("answers a call past its timeout with an error result and cancels it on the server", async () => {
    betaLog.cancelled.length = 0;
    const tools = mcpTools({ name: "beta", server: { url: beta.url }, timeoutMs: 150 });
    const harness = await startAgent(
      scriptOf({ content: [{ toolUse: { name: "slow", input: {}, id: "s1" } }] }, { text: "It timed out." }),
      { tools: [tools] },
    );
    const result = await harness.agent.run("Slowly.");

    expect(result.toolCalls[0]).toMatchObject({ status: "error" });
    expect(resultText(toolResultsSent(harness.server, 1)[0]!)).toContain("timed out after 150 ms");
    await expect.poll(() => betaLog.cancelled.includes("slow"), { timeout: 5_000 }).toBe(true);
    await harness.agent.close();
  });

  test("answers a call of a tool the server has since removed as no longer available", async () => {
    const alpha = mcpTools({ name: "alpha", server: STDIO_SERVER });
    const harness = await startAgent(
      scriptOf(
        { content: [{ toolUse: { name: "enable_extra", input: {}, id: "e1" } }] },
        { content: [{ toolUse: { name: "disable_extra", input: {}, id: "d1" } }] },
        { content: [{ toolUse: { name: "extra", input: {}, id: "x1" } }] },
        { text: "It is gone." },
      ),
      { tools: [alpha] },
    );
    try {
      const result = await harness.agent.run("Go.");

      expect(result.text).toBe("It is gone.");
      expect(harness.server.requests.map((entry) => entry.status)).toEqual([200, 200, 200, 200]);
      expect(offeredNames(requestBody(harness.server, 1))).toContain("extra");
      expect(offeredNames(requestBody(harness.server, 2))).not.toContain("extra");
      const gone = toolResultsSent(harness.server, 3)[0]!;
      expect(gone.status).toBe("error");
      expect(resultText(gone)).toContain('Unknown tool "extra": it is not (or no longer) available');
    } finally {
      await harness.agent.close();
    }
  }, 30_000);

  test("answers a call whose server died with an error result; the next step reconnects and goes on", async () => {
    const alpha = mcpTools({ name: "alpha", server: STDIO_SERVER });
    const harness = await startAgent(
      scriptOf(
        { content: [{ toolUse: { name: "enable_extra", input: {}, id: "e1" } }] },
        {
          content: [
            { toolUse: { name: "extra", input: {}, id: "x1" } },
            { toolUse: { name: "crash", input: {}, id: "c1" } },
          ],
        },
        { content: [{ toolUse: { name: "lookup", input: { word: "again" }, id: "l1" } }] },
        { text: "Recovered." },
      ),
      { tools: [alpha] },
    );
    try {
      const result = await harness.agent.run("Go.");

      expect(result.text).toBe("Recovered.");
      expect(harness.server.requests.map((entry) => entry.status)).toEqual([200, 200, 200, 200]);
      // list_changed: the tool the server added is offered from the next call.
      expect(offeredNames(requestBody(harness.server, 0))).not.toContain("extra");
      expect(offeredNames(requestBody(harness.server, 1))).toContain("extra");
      const crashed = toolResultsSent(harness.server, 2).find((item) => item.toolUseId === "c1");
      expect(crashed?.status).toBe("error");
      expect(resultText(crashed!)).toContain('MCP server "alpha"');
      // The server restarted: its tools were listed again and the call worked.
      expect(toolResultsSent(harness.server, 3)[0]).toMatchObject({ status: "success" });
      expect(resultText(toolResultsSent(harness.server, 3)[0]!)).toBe("alpha: again means hello");
    } finally {
      await harness.agent.close();
    }
  }, 30_000);
});

describe("MCP servers that cannot be reached", () => {
  const cases: [string, Parameters<typeof mcpTools>[0]["server"], RegExp][] = [
    ["a command that does not exist", { command: "lode-no-such-mcp-server" }, /was not found/],
    [
      "a process that exits at once",
      { command: process.execPath, args: ["-e", "console.error('no config'); process.exit(2)"] },
      /stopped before it answered.*no config/,
    ],
    [
      "a URL nothing listens at",
      { url: "http://127.0.0.1:1/mcp" },
      /nothing answered at http:\/\/127\.0\.0\.1:1\/mcp/,
    ],
    [
      "a server that never answers initialize",
      { command: process.execPath, args: ["-e", "setInterval(() => {}, 1000)"] },
      /did not answer MCP's initialize within 500 ms/,
    ],
  ];
  test.each(cases)("fail the run with tool-source-unavailable for %s", async (_name, server, message) => {
    const tools = mcpTools({ name: "broken", server, connectTimeoutMs: 500 });
    const harness = await startAgent(scriptOf({ text: "Never sent." }), { tools: [tools] });
    const error = await lodeErrorOf(harness.agent.run("Hi."));
    expect(error.code).toBe("tool-source-unavailable");
    expect(error.message).toMatch(message);
    expect(harness.server.requests).toHaveLength(0);
    await harness.agent.close();
  });

  test("refuse a URL that is not one when the source is made", () => {
    expect(() => mcpTools({ name: "bad", server: { url: "not a url" } })).toThrow(LodeError);
  });
});
