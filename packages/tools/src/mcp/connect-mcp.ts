import { describeError, LodeError } from "@lode/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ErrorCode, ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { fetchSeeingCuts } from "./fetch-seeing-cuts.js";

/** How to reach an MCP server: a command Lode starts (stdio), or a URL (streamable HTTP, else SSE). */
export type McpTransportOptions =
  | {
      /** The executable to start, e.g. `"npx"` or `"node"`. */
      command: string;
      args?: string[];
      /** Added to the few variables MCP's SDK passes on by default (PATH, HOME, …). */
      env?: Record<string, string>;
      cwd?: string;
    }
  | {
      url: string | URL;
      /** Sent with every request (an `authorization` header, for example). */
      headers?: Record<string, string>;
    };

/** How many lines of a server's stderr are kept to explain why it stopped. */
const STDERR_LINES = 20;

/**
 * Starts or reaches an MCP server and completes MCP's initialize handshake within `timeoutMs`. Failures
 * are `LodeError`s with code `tool-source-unavailable` that say what went wrong: a command not found, a
 * process that exited (with the end of what it wrote to stderr), a URL nothing answers at, a timeout.
 */
export async function connectMcp(
  name: string,
  transport: McpTransportOptions,
  options: { timeoutMs: number; onClose: () => void; onToolsChanged: () => void },
): Promise<Client> {
  const stderr: string[] = [];
  const attempt = async (
    make: () => StdioClientTransport | StreamableHTTPClientTransport | SSEClientTransport,
  ) => {
    const client = new Client({ name: "lode", version: "0.1.0" }, { capabilities: {} });
    const opened = make();
    try {
      await client.connect(opened, { timeout: options.timeoutMs });
    } catch (error) {
      await client.close().catch(() => {});
      throw error;
    }
    client.onclose = options.onClose;
    // The server says its tool list changed: the next step lists them again.
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => options.onToolsChanged());
    return client;
  };
  try {
    if ("command" in transport) {
      return await attempt(() => {
        const stdio = new StdioClientTransport({
          command: transport.command,
          args: transport.args ?? [],
          env: { ...getDefaultEnvironment(), ...transport.env },
          ...(transport.cwd ? { cwd: transport.cwd } : {}),
          // Kept, not printed: the library writes nothing to the console.
          stderr: "pipe",
        });
        stdio.stderr?.on("data", (chunk: Buffer) => {
          stderr.push(...chunk.toString().split("\n").filter(Boolean));
          stderr.splice(0, Math.max(0, stderr.length - STDERR_LINES));
        });
        return stdio;
      });
    }
    const url = new URL(transport.url);
    const requestInit = transport.headers ? { headers: transport.headers } : undefined;
    try {
      return await attempt(() => {
        const http: StreamableHTTPClientTransport = new StreamableHTTPClientTransport(url, {
          ...(requestInit ? { requestInit } : {}),
          fetch: fetchSeeingCuts((message) => http.onmessage?.(message)),
        });
        return http;
      });
    } catch (error) {
      // A server that speaks only the older SSE transport answers the streamable POST with a 4xx.
      const status = error instanceof StreamableHTTPError ? error.code : undefined;
      if (status === undefined || status < 400 || status >= 500) throw error;
      return await attempt(() => new SSEClientTransport(url, requestInit ? { requestInit } : {}));
    }
  } catch (error) {
    throw unavailable(name, transport, error, stderr, options.timeoutMs);
  }
}

/**
 * Whether a request failed because the HTTP server no longer knows the client's session (404): MCP's
 * specification then has the client start a new session, and the request was not processed.
 */
export function isSessionGone(error: unknown): boolean {
  return error instanceof StreamableHTTPError && error.code === 404;
}

function unavailable(
  name: string,
  transport: McpTransportOptions,
  error: unknown,
  stderr: readonly string[],
  timeoutMs: number,
): LodeError {
  const code = (error as { code?: unknown } | null)?.code;
  const where = "command" in transport ? `"${transport.command}"` : String(transport.url);
  let why: string;
  if (code === "ENOENT") why = `its command ${where} was not found: check the command and PATH.`;
  else if (code === ErrorCode.RequestTimeout)
    why = `it did not answer MCP's initialize within ${timeoutMs} ms.`;
  else if ("command" in transport)
    why = `${where} stopped before it answered (${describeError(error)}).${stderr.length ? ` Its stderr ended with: ${stderr.join(" | ")}` : ""}`;
  else why = `nothing answered at ${where} (${describeError(error)}).`;
  return new LodeError("tool-source-unavailable", `MCP server "${name}" could not be reached: ${why}`, {
    cause: error,
    retryable: true,
  });
}
