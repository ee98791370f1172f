import {
  type Agent,
  type AgentStream,
  approvalDecisionsOf,
  pipeSseToNodeResponse,
  pipeUIMessageStreamToNodeResponse,
  type RunInput,
  readAgentRequest,
  toSseResponse,
  toUIMessageStreamResponse,
} from "@lode/core";
import { type ListenOptions, serveFetch, serveNode, type TestServer } from "./http-servers.js";

/** How a server sends a run: through a Node response, or as a Fetch API `Response`. */
export type Transport = "node" | "fetch";
export const TRANSPORTS: Transport[] = ["node", "fetch"];

/**
 * What the client posts: the run's input (blocks may hold bytes: `streamAgent` sends them as `$bytes` and
 * `readAgentRequest` restores them) and, to continue a conversation, its session; `pngBytes` adds an image
 * block holding those bytes to the input, as a client sending plain numbers would.
 */
export interface RunRequest {
  input?: RunInput;
  sessionId?: string;
  pngBytes?: number[];
  /** Decisions on calls waiting for approval, as Lode's client sends them… */
  decisions?: unknown;
  /** …or the AI SDK's `useChat` messages, whose last assistant message holds the responses. */
  messages?: unknown;
}

export interface AgentServer extends TestServer {
  /** The stream of every run the server started, in order: their `result`s tell how each run ended. */
  streams: AgentStream<unknown>[];
}

/**
 * A loopback HTTP server that runs `agent` on each POSTed `RunRequest` and answers with the run as Lode's
 * Server-Sent Events (`format: "lode"`) or the AI SDK's UI message stream (`format: "ui"`).
 */
export async function serveAgent(
  agent: Agent,
  transport: Transport,
  format: "lode" | "ui" = "lode",
  listen: ListenOptions = {},
): Promise<AgentServer> {
  const streams: AgentStream<unknown>[] = [];
  const start = (body: RunRequest) => {
    const { input = "", sessionId, pngBytes } = body;
    const decisions = approvalDecisionsOf(body);
    const content: RunInput = decisions
      ? { decisions }
      : pngBytes
        ? [
            { text: String(input) },
            { image: { format: "png", source: { bytes: Uint8Array.from(pngBytes) } } },
          ]
        : input;
    const stream = agent.stream(content, sessionId ? { sessionId } : {});
    streams.push(stream);
    return stream;
  };
  const server =
    transport === "node"
      ? await serveNode(async (request, response) => {
          const stream = start((await readAgentRequest(request)) as RunRequest);
          await (format === "lode"
            ? pipeSseToNodeResponse(stream, response)
            : pipeUIMessageStreamToNodeResponse(stream, response));
        }, listen)
      : await serveFetch(async (request) => {
          const stream = start((await readAgentRequest(request)) as RunRequest);
          return format === "lode" ? toSseResponse(stream) : toUIMessageStreamResponse(stream);
        }, listen);
  return { ...server, streams };
}
