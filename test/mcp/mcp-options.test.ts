import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mcpTools } from "@lode/tools/mcp";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { afterEach, describe, expect, test } from "vitest";
import { requestBody, scriptedAgentPerTest, scriptOf, toolResultsSent } from "../support/scripted-agent.js";
import { awkwardServer } from "./support/awkward-server.js";
import { serveMcpHttp } from "./support/mcp-servers.js";

const startAgent = scriptedAgentPerTest();
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

const offered = (index: number, harness: Awaited<ReturnType<typeof startAgent>>) =>
  requestBody(harness.server, index).toolConfig.tools.map(
    (tool: { toolSpec: { name: string } }) => tool.toolSpec.name,
  );

/** An MCP server that speaks only the older SSE transport: a POST to its URL gets 405. */
async function serveSseOnly(): Promise<{ url: string; close(): Promise<void> }> {
  const sessions = new Map<string, SSEServerTransport>();
  const http = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    if (request.method === "GET" && url.pathname === "/mcp") {
      const transport = new SSEServerTransport("/messages", response);
      sessions.set(transport.sessionId, transport);
      void awkwardServer("legacy").connect(transport);
    } else if (request.method === "POST" && url.pathname === "/messages") {
      void sessions.get(url.searchParams.get("sessionId") ?? "")?.handlePostMessage(request, response);
    } else response.writeHead(405).end();
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    close: async () => {
      for (const transport of sessions.values()) await transport.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

describe("an MCP server's options", () => {
  test("offer only the allowed tools, less the denied ones", async () => {
    const server = await serveMcpHttp(() => awkwardServer("beta"));
    open.push(server);
    const tools = mcpTools({
      name: "beta",
      server: { url: server.url },
      allow: ["lookup", "fails", "snapshot"],
      deny: ["fails"],
    });
    const harness = await startAgent(scriptOf({ text: "Hi." }), { tools: [tools] });
    await harness.agent.run("Hi.");
    expect(offered(0, harness)).toEqual(["lookup", "snapshot"]);
    await harness.agent.close();
  });

  test("make a tool's calls wait for approval, by the server's name of the tool", async () => {
    const server = await serveMcpHttp(() => awkwardServer("beta"));
    open.push(server);
    const asked: string[] = [];
    const tools = mcpTools({ name: "beta", server: { url: server.url }, needsApproval: { lookup: true } });
    const harness = await startAgent(
      scriptOf(
        {
          content: [
            { toolUse: { name: "lookup", input: { word: "hola" }, id: "l1" } },
            { toolUse: { name: "snapshot", input: {}, id: "s1" } },
          ],
        },
        { text: "Refused the lookup." },
      ),
      {
        tools: [tools],
        approver: (request) => {
          asked.push(request.toolName);
          return { approved: false, reason: "Not now." };
        },
      },
    );
    await harness.agent.run("Look it up.");
    expect(asked).toEqual(["lookup"]);
    expect(toolResultsSent(harness.server, 1).map((result) => [result.toolUseId, result.status])).toEqual([
      ["l1", "error"],
      ["s1", "success"],
    ]);
    await harness.agent.close();
  });

  test("fall back to the SSE transport for a server that does not speak streamable HTTP", async () => {
    const server = await serveSseOnly();
    open.push(server);
    const tools = mcpTools({ name: "legacy", server: { url: server.url } });
    const harness = await startAgent(
      scriptOf(
        { content: [{ toolUse: { name: "lookup", input: { word: "salut" }, id: "l1" } }] },
        { text: "Done." },
      ),
      { tools: [tools] },
    );
    const result = await harness.agent.run("Look it up.");
    expect(result.toolCalls[0]).toMatchObject({
      status: "success",
      content: expect.arrayContaining([{ text: "legacy: salut means hello" }]),
    });
    await harness.agent.close();
  });
});
