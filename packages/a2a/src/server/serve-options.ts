import type { TaskStore } from "@a2a-js/sdk/server";
import type { AgentEvent, ApprovalDecision, ApprovalRequest, StandardSchemaV1 } from "@lode/core";

/** A skill the agent card lists: what the agent can be asked to do. */
export interface A2ASkill {
  id: string;
  name: string;
  description: string;
  tags?: string[];
  examples?: string[];
}

/** How the card tells clients to send their credentials (the `authenticate` option checks them). */
export type A2ASecurityScheme =
  | { type: "bearer"; bearerFormat?: string; description?: string }
  | { type: "apiKey"; header: string; description?: string };

/** What a graph's question (`context.interrupt()`) looked like when its run paused. */
export interface A2AInterrupt {
  taskId: string;
  node: string;
  question: unknown;
}

/** What a Lode graph offers to be served: the shape `@lode/graph`'s `Graph` has (this package needs no import of it). */
export interface ServableGraph<S = Record<string, unknown>> {
  readonly name: string;
  stream(input: Partial<S>, options: { sessionId: string; signal: AbortSignal }): GraphRunLike<S>;
  resume(
    input: { decisions?: ApprovalDecision[]; answers?: Record<string, unknown> },
    options: { sessionId: string; signal: AbortSignal },
  ): GraphRunLike<S>;
}

/** A graph run's events (agent nodes' among them) and its result, as `graph.stream()` returns them. */
export interface GraphRunLike<S> extends AsyncIterable<AgentEvent | { type: string }> {
  readonly result: Promise<{
    status: string;
    state: S;
    pendingApprovals: ApprovalRequest[];
    interrupts: A2AInterrupt[];
  }>;
}

/** What an inbound A2A message carried, for `graphInput`. */
export interface InboundMessage {
  /** Its text parts, joined by newlines. */
  text: string;
  /** Its data parts' values, in order. */
  data: unknown[];
}

/** Options of `serveA2A`. */
export interface ServeA2AOptions {
  /**
   * The public URL of the JSON-RPC endpoint, as clients reach it (the card names it); requests are answered
   * at its path, the card at `/.well-known/agent-card.json` of the same origin.
   */
  url: string;
  /** @default the agent's (or graph's) `name` */
  name?: string;
  /** @default the agent's `description`, or a sentence naming it */
  description?: string;
  /** The agent's own version, for the card. @default "1.0.0" */
  version?: string;
  /** @default one skill per tool of the agent (a graph, or an agent without tools: one skill, itself) */
  skills?: A2ASkill[];
  /**
   * Where tasks live. The default keeps them in this process: for several server processes, pass a shared one
   * (`new RedisTaskStore({ redis })`), and give the agent a shared conversation store too.
   * @default the SDK's `InMemoryTaskStore`
   */
  taskStore?: TaskStore;
  /**
   * Checks a request's credentials (a bearer token, an API key header) before it is read; `false` refuses it
   * with HTTP 401. The agent card stays public.
   */
  authenticate?: (request: Request) => boolean | Promise<boolean>;
  /** How the card describes the credentials `authenticate` expects. @default `{ type: "bearer" }` when `authenticate` is set */
  securityScheme?: A2ASecurityScheme;
  /**
   * How often a run under way looks in the task store for a cancel made through another process (which
   * cannot reach the run's signal); it then aborts the run. @default 1000
   */
  cancelCheckMs?: number;
  /** The largest request body accepted, in bytes; a larger one is refused with HTTP 413. @default 1_000_000 */
  maxRequestBytes?: number;
  /** A structured output schema (zod) passed to each agent run; the output becomes the `output` artifact. */
  output?: StandardSchemaV1;
  /** For a graph: the initial state a message starts a run with. @default `{ message: text }` */
  graphInput?: (message: InboundMessage) => Record<string, unknown>;
}

/** What `serveA2A` returns: one server, two ways to mount it. */
export interface A2AServer {
  /** A Node `http` request listener: `http.createServer(server.listener)`. */
  listener: (
    request: import("node:http").IncomingMessage,
    response: import("node:http").ServerResponse,
  ) => void;
  /** A fetch-style handler, for runtimes that speak `Request`/`Response`. */
  fetch: (request: Request) => Promise<Response>;
  /** The agent card (A2A 1.0 JSON), as served to clients that ask for version 1.0. */
  agentCard: Record<string, unknown>;
  /** Aborts every run this process is serving. */
  close(): void;
}
