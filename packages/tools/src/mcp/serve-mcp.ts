import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ToolResultContentBlock } from "@aws-sdk/client-bedrock-runtime";
import { type AnyTool, describeError, type ToolContext } from "@lode/core";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

/** Options of `createMcpServer`. */
export interface McpServerOptions {
  /** The server's name, as MCP clients show it. */
  name: string;
  /** @default "0.1.0" */
  version?: string;
  /** The tools to serve: `defineTool`s, or an agent as one tool (`agent.asTool()`). */
  tools: readonly AnyTool[];
  /** Milliseconds a call may run. @default 60000 */
  timeoutMs?: number;
}

/**
 * Lode tools as an MCP server (the SDK's own `Server`): `tools/list` gives each tool's name, description and
 * JSON Schema; `tools/call` validates the input with the tool's schema, runs it (cancelled when the client
 * cancels, its `progress()` sent as progress notifications when the client asked for them) and answers with
 * its result: text and json as text (json also as `structuredContent`), images as images; a failure as
 * `isError`. Serve it with `serveMcpOverStdio`, or over HTTP with `createMcpHttpHandler`.
 */
export function createMcpServer(options: McpServerOptions): Server {
  const server = new Server(
    { name: options.name, version: options.version ?? "0.1.0" },
    { capabilities: { tools: {} } },
  );
  const byName = new Map(options.tools.map((tool) => [tool.name, tool]));
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: options.tools.map((tool) => ({
      name: tool.name,
      description: tool.description,
      inputSchema: tool.inputSchema,
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const tool = byName.get(request.params.name);
    if (!tool) return failed(`Unknown tool "${request.params.name}".`);
    let validated: ReturnType<AnyTool["validate"]>;
    try {
      validated = tool.validate(request.params.arguments ?? {});
    } catch (error) {
      return failed(`Invalid input: ${describeError(error)}`);
    }
    if (!validated.success)
      return failed(
        `Invalid input: ${validated.issues.map((issue) => `${issue.path || "(input)"}: ${issue.message}`).join("; ")}`,
      );
    const progressToken = request.params._meta?.progressToken;
    let progressCount = 0;
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 60_000);
    const context: ToolContext = {
      signal: AbortSignal.any([extra.signal, timeout]),
      toolUseId: String(extra.requestId),
      runId: "mcp",
      step: 0,
      sessionId: extra.sessionId,
      agentPath: [],
      // An MCP client drives no sub-agent here: there is no stream to pass events into.
      emit: () => {},
      decisions: [],
      history: () => [],
      progress: (data) => {
        if (progressToken === undefined) return;
        progressCount++;
        void extra
          .sendNotification({
            method: "notifications/progress",
            params: {
              progressToken,
              progress: progressCount,
              message: typeof data === "string" ? data : JSON.stringify(data),
            },
          })
          .catch(() => {});
      },
    };
    try {
      const returned = await tool.run(validated.value, context);
      const answer = Array.isArray(returned) ? { status: "success" as const, content: returned } : returned;
      // A sub-agent's call waiting for a person cannot be decided over MCP.
      if (answer.status === "pending") return failed("the tool's agent waits for a person's approval");
      return { ...toMcpContent(answer.content), isError: answer.status === "error" };
    } catch (error) {
      return failed(describeError(error));
    }
  });
  return server;
}

/** Serves `server` over this process's stdin and stdout, as MCP clients that start a command expect. */
export async function serveMcpOverStdio(server: Server): Promise<void> {
  await server.connect(new StdioServerTransport());
}

/** A Node `http` request handler for MCP's streamable HTTP transport; `close()` ends every session. */
export interface McpHttpHandler {
  (request: IncomingMessage, response: ServerResponse, body?: unknown): Promise<void>;
  close(): Promise<void>;
}

/**
 * Serves MCP's streamable HTTP transport (mount it at `/mcp`, say): each client session gets a server of
 * its own from `makeServer`, kept by its `mcp-session-id`, so a client's cancellations and notifications
 * reach the call they are about. Answers every request of a session, including its closing DELETE, and a
 * request for a session it does not have (ended, or never begun) with 404, as MCP's specification says.
 */
export function createMcpHttpHandler(makeServer: () => Server): McpHttpHandler {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const handle = async (request: IncomingMessage, response: ServerResponse, body?: unknown) => {
    const sessionId = request.headers["mcp-session-id"];
    let transport = typeof sessionId === "string" ? sessions.get(sessionId) : undefined;
    if (typeof sessionId === "string" && !transport) {
      // A session this handler ended or never began: MCP's specification says 404, so the client starts anew.
      response
        .writeHead(404, { "content-type": "application/json" })
        .end(
          JSON.stringify({ jsonrpc: "2.0", error: { code: -32001, message: "Session not found" }, id: null }),
        );
      return;
    }
    if (!transport) {
      const opened: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          sessions.set(id, opened);
        },
      });
      opened.onclose = () => {
        if (opened.sessionId) sessions.delete(opened.sessionId);
      };
      await makeServer().connect(opened);
      transport = opened;
    }
    await transport.handleRequest(request, response, body);
  };
  return Object.assign(handle, {
    close: async () => {
      const open = [...sessions.values()];
      sessions.clear();
      await Promise.all(open.map((transport) => transport.close().catch(() => {})));
    },
  });
}

function failed(text: string) {
  return { content: [{ type: "text" as const, text }], isError: true };
}

function toMcpContent(blocks: readonly ToolResultContentBlock[]) {
  const content: ({ type: "text"; text: string } | { type: "image"; data: string; mimeType: string })[] = [];
  let structuredContent: Record<string, unknown> | undefined;
  for (const block of blocks) {
    if (block.text !== undefined) content.push({ type: "text", text: block.text });
    else if (block.json !== undefined) {
      content.push({ type: "text", text: JSON.stringify(block.json) });
      structuredContent ??= block.json as Record<string, unknown>;
    } else if (block.image?.source?.bytes)
      content.push({
        type: "image",
        data: Buffer.from(block.image.source.bytes).toString("base64"),
        mimeType: `image/${block.image.format ?? "png"}`,
      });
    else content.push({ type: "text", text: "[a result block MCP cannot carry]" });
  }
  return { content, ...(structuredContent ? { structuredContent } : {}) };
}
