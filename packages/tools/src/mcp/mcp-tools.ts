import {
  type AnyTool,
  describeError,
  LodeError,
  type NeedsApproval,
  type ToolSource,
  type ToolSourceSnapshot,
} from "@lode/core";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { z } from "zod";
import { connectMcp, isSessionGone, type McpTransportOptions } from "./connect-mcp.js";
import { toToolResult } from "./mcp-call-result.js";
import { type NormalizedMcpTool, normalizeMcpTools } from "./normalize-mcp-tools.js";

/** Options of `mcpTools`. */
export interface McpToolsOptions {
  /**
   * Names the server (`[a-zA-Z0-9_-]`): its tools are offered as `{name}_{tool}` when another tool took
   * their name, and warnings and errors say which server they come from.
   */
  name: string;
  /** How to reach it: a command to start (stdio), or a URL (streamable HTTP, falling back to SSE). */
  server: McpTransportOptions;
  /** Offer only these of its tools (by the server's names). */
  allow?: string[];
  /** Never offer these of its tools (by the server's names). */
  deny?: string[];
  /** Which calls wait for a person's approval: one rule for all its tools, or one per tool (server names). */
  needsApproval?: NeedsApproval | Record<string, NeedsApproval>;
  /** Milliseconds a call may take before it is cancelled (the server is told) and answered with an error. */
  timeoutMs?: number;
  /** Milliseconds to start or reach the server and finish MCP's initialize. @default 10000 */
  connectTimeoutMs?: number;
}

/** tools/list as Lode reads it: leniently, so one bad tool cannot take the server's others with it. */
const ToolListPage = z
  .object({ tools: z.array(z.unknown()), nextCursor: z.string().optional() })
  .passthrough();

/**
 * An MCP server's tools, as a tool source for an agent's `tools`. It connects when the agent first needs
 * them and closes with the agent (`agent.close()`, `await using`). Its tools are made valid for Bedrock
 * (see `normalizeMcpTools`); one that cannot be is left out with a warning event. When the server says its
 * tools changed, the next step lists them again. A dropped connection is reconnected once, at the next
 * step; a call in flight when the server died, or whose HTTP connection was cut, is answered with an error
 * result as soon as that is seen, and the run goes on. An HTTP server that no longer knows the session
 * (404) gets a new one at once, and the request is sent again.
 *
 * ```ts
 * const files = mcpTools({ name: "files", server: { command: "npx", args: ["-y", "@modelcontextprotocol/server-filesystem", "."] } });
 * const agent = new Agent({ modelId, tools: [files] });
 * ```
 */
export function mcpTools(options: McpToolsOptions): ToolSource {
  if (!/^[a-zA-Z0-9_-]{1,32}$/.test(options.name))
    throw new LodeError(
      "invalid-config",
      `An MCP server's name must match [a-zA-Z0-9_-]{1,32}, not "${options.name}".`,
    );
  if ("url" in options.server) {
    try {
      new URL(options.server.url);
    } catch (error) {
      throw new LodeError(
        "invalid-config",
        `MCP server "${options.name}": ${String(options.server.url)} is not a URL.`,
        {
          cause: error,
        },
      );
    }
  }
  return new McpToolSource(options);
}

class McpToolSource implements ToolSource {
  readonly kind = "tool-source";
  readonly name: string;
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  private snapshot: ToolSourceSnapshot | undefined;
  private stale = true;
  /** Once connected, a drop allows one reconnect; a failed reconnect leaves the last tools in place. */
  private everConnected = false;
  private reconnectsLeft = 0;
  private closed = false;

  constructor(private readonly options: McpToolsOptions) {
    this.name = options.name;
  }

  async tools(): Promise<ToolSourceSnapshot> {
    if (this.closed) throw new LodeError("tool-source-unavailable", `MCP server "${this.name}" was closed.`);
    try {
      await this.connected();
    } catch (error) {
      if (!this.everConnected || !this.snapshot) throw error;
      return { tools: this.snapshot.tools, warnings: [`the server is unreachable: ${describeError(error)}`] };
    }
    if (this.stale || !this.snapshot) {
      this.snapshot = await this.withSession((current) => this.list(current));
      this.stale = false;
    }
    return this.snapshot;
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client ?? (await this.connecting?.catch(() => undefined));
    this.client = undefined;
    await client?.close().catch(() => {});
  }

  private connected(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client);
    if (this.everConnected && this.reconnectsLeft <= 0 && !this.connecting)
      return Promise.reject(new Error("the connection dropped, and the one reconnect failed"));
    this.connecting ??= (async () => {
      if (this.everConnected) this.reconnectsLeft--;
      try {
        const client = await connectMcp(this.name, this.options.server, {
          timeoutMs: this.options.connectTimeoutMs ?? 10_000,
          onClose: () => this.dropped(client),
          onToolsChanged: () => {
            this.stale = true;
          },
        });
        if (this.closed) {
          await client.close().catch(() => {});
          throw new LodeError("tool-source-unavailable", `MCP server "${this.name}" was closed.`);
        }
        this.client = client;
        this.everConnected = true;
        this.reconnectsLeft = 1;
        this.stale = true;
        return client;
      } finally {
        this.connecting = undefined;
      }
    })();
    return this.connecting;
  }

  private dropped(client: Client): void {
    if (this.client === client) this.client = undefined;
  }

  /**
   * Runs `use` on the connected client. When the server answers that it no longer has the session (an HTTP
   * server restarted, or ended the session), the client starts a new one, as MCP's specification says, and
   * sends the request once more: the server never processed it.
   */
  private async withSession<T>(use: (client: Client) => Promise<T>): Promise<T> {
    const client = await this.connected();
    try {
      return await use(client);
    } catch (error) {
      if (!isSessionGone(error) || this.closed) throw error;
      this.dropped(client);
      await client.close().catch(() => {});
      this.reconnectsLeft = Math.max(this.reconnectsLeft, 1);
      return await use(await this.connected());
    }
  }

  private async list(client: Client): Promise<ToolSourceSnapshot> {
    const listed: unknown[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.request(
        { method: "tools/list", params: cursor ? { cursor } : {} },
        ToolListPage,
      );
      listed.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor);
    const { allow, deny } = this.options;
    const offered = listed.filter((tool) => {
      const name = (tool as { name?: unknown })?.name;
      return typeof name === "string" && (!allow || allow.includes(name)) && !deny?.includes(name);
    });
    const { tools, warnings } = normalizeMcpTools(offered);
    return { tools: tools.map((tool) => this.toTool(tool)), warnings };
  }

  private toTool(tool: NormalizedMcpTool): AnyTool {
    const rule = this.ruleFor(tool.serverName);
    return {
      name: tool.name,
      description: tool.description,
      inputSchema: tool.inputSchema,
      ...(this.options.timeoutMs !== undefined ? { timeoutMs: this.options.timeoutMs } : {}),
      ...(rule !== undefined ? { needsApproval: rule } : {}),
      // The server checks its own input; Lode only makes sure there is an object to send.
      validate: (input) =>
        typeof input === "object" && input !== null && !Array.isArray(input)
          ? { success: true, value: input }
          : { success: false, issues: [{ path: "", message: "must be a JSON object" }] },
      run: async (input: Record<string, unknown>, context) => {
        try {
          const result = await this.withSession((client) =>
            client.callTool(
              {
                name: tool.serverName,
                arguments: input,
              },
              undefined,
              {
                // The run's signal: aborting it sends the server a cancellation. Lode's own timeout applies.
                signal: context.signal,
                timeout: 2_147_483_647,
                onprogress: (progress) => context.progress(progress),
              },
            ),
          );
          return toToolResult(
            result as { content?: unknown; structuredContent?: unknown; isError?: unknown },
          );
        } catch (error) {
          throw new Error(`MCP server "${this.name}": ${describeError(error)}`, { cause: error });
        }
      },
    };
  }

  private ruleFor(serverName: string): NeedsApproval | undefined {
    const rule = this.options.needsApproval;
    if (rule === undefined || typeof rule === "boolean" || typeof rule === "function") return rule;
    return Object.hasOwn(rule, serverName) ? rule[serverName] : undefined;
  }
}
