import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createMcpHttpHandler, mcpTools } from "@lode/tools/mcp";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, test } from "vitest";
import { resultText, scriptedAgentPerTest, scriptOf, toolResultsSent } from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

/** What the server saw: the calls it got, and the sessions it began. */
interface Seen {
  calls: string[];
  sessions: number;
}

/** A server with `lookup`, which answers, and `hang`, which never does. */
function sessionServer(seen: Seen): Server {
  seen.sessions++;
  const server = new Server({ name: "sessions", version: "1.0.0" }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [
      { name: "lookup", description: "Looks a word up.", inputSchema: { type: "object" } },
      { name: "hang", description: "Never answers.", inputSchema: { type: "object" } },
    ],
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    seen.calls.push(request.params.name);
    if (request.params.name === "hang") return new Promise(() => {});
    return { content: [{ type: "text", text: `looked up in session ${seen.sessions}` }] };
  });
  return server;
}

/**
 * Lode's streamable-HTTP handler on 127.0.0.1, with the two ways a session dies from the client's side:
 * `endSessions()` (the server forgets them: later requests get 404) and `cutConnections()`.
 */
async function serveSessions(seen: Seen) {
  const handler = createMcpHttpHandler(() => sessionServer(seen));
  const http = createServer((request, response) => {
    void handler(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const served = {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`,
    endSessions: () => handler.close(),
    cutConnections: () => http.closeAllConnections(),
    close: async () => {
      await handler.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
  open.push(served);
  return served;
}

describe("an HTTP MCP server's session", () => {
  test("answers a request for a session it no longer has with 404, as MCP's specification says", async () => {
    const seen: Seen = { calls: [], sessions: 0 };
    const served = await serveSessions(seen);
    const response = await fetch(served.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-session-id": "a-session-it-never-had",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} }),
    });
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("Session not found");
  });

  test("starts a new session when the server dropped the old one, and the call goes through on it", async () => {
    const seen: Seen = { calls: [], sessions: 0 };
    const served = await serveSessions(seen);
    const tools = mcpTools({ name: "remote", server: { url: served.url } });
    const harness = await startAgent(
      // Each run is a new conversation, so each is answered from the script's start.
      scriptOf({ content: [{ toolUse: { name: "lookup", input: {}, id: "l1" } }] }, { text: "Found." }),
      { tools: [tools] },
    );
    try {
      expect((await harness.agent.run("Look it up.")).text).toBe("Found.");
      await served.endSessions();
      const second = await harness.agent.run("Again.");

      expect(second.text).toBe("Found.");
      const answer = toolResultsSent(harness.server, 3)[0]!;
      expect(answer.status).toBe("success");
      expect(resultText(answer)).toBe("looked up in session 2");
      expect(seen.calls).toEqual(["lookup", "lookup"]);
    } finally {
      await harness.agent.close();
    }
  }, 30_000);

  test("answers a call whose HTTP connection is cut when the cut is seen, not at its timeout", async () => {
    const seen: Seen = { calls: [], sessions: 0 };
    const served = await serveSessions(seen);
    const tools = mcpTools({ name: "remote", server: { url: served.url }, timeoutMs: 20_000 });
    const harness = await startAgent(
      scriptOf({ content: [{ toolUse: { name: "hang", input: {}, id: "h1" } }] }, { text: "It was cut." }),
      { tools: [tools] },
    );
    try {
      const run = harness.agent.run("Hang.");
      await expect.poll(() => seen.calls, { timeout: 10_000 }).toContain("hang");
      const cutAt = Date.now();
      served.cutConnections();
      const result = await run;

      expect(result.text).toBe("It was cut.");
      expect(Date.now() - cutAt).toBeLessThan(3_000);
      const answer = toolResultsSent(harness.server, 1)[0]!;
      expect(answer.status).toBe("error");
      expect(resultText(answer)).toMatch(/MCP server "remote".*connection was cut/);
    } finally {
      await harness.agent.close();
    }
  }, 30_000);
});
