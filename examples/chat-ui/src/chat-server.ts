import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Script } from "@lode/bedrock-local";
import {
  type ApprovalDecision,
  approvalDecisionsOf,
  LodeError,
  pipeSseToNodeResponse,
  readAgentRequest,
} from "@lode/core";
import { bundlePage, type PageAssets } from "./bundle-page.js";
import { createDesk } from "./desk-agents.js";
import { type BackendChoice, type ModelBackend, openModelBackend } from "./model-backend.js";
import { researchQuestionOf } from "./research-command.js";
import { createResearchGraph } from "./research-graph.js";
import { answerResearch } from "./research-response.js";
import { sessionAgents } from "./session-agents.js";

const MAX_BODY_BYTES = 64 * 1024;
const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;

export interface ChatServerOptions {
  /** Port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /**
   * `"auto"` uses Amazon Bedrock when AWS credentials and `LODE_MODEL_ID` are set, else bedrock-local with
   * the demo script. @default "auto"
   */
  backend?: BackendChoice;
  /** A bedrock-local script (or its path) to serve instead of the demo's; implies bedrock-local. */
  script?: Script | string;
  /** Called once per request after its response ends (the server itself never logs). */
  onRequest?: (entry: RequestLogLine) => void;
}

/** How one chat run ended (or that it is still going). */
export type ChatRunStatus = "running" | "completed" | "awaiting-approval" | "aborted" | "failed";

/** One `POST /api/chat` run, as the server saw it. */
export interface ChatRun {
  sessionId: string;
  /** The message sent; empty for a run that brings decisions instead. */
  message: string;
  /** The decisions on waiting calls the run brought, if it brought decisions instead of a message. */
  decisions?: ApprovalDecision[];
  status: ChatRunStatus;
  /** The `LodeError` code when the run failed. */
  errorCode?: string;
}

export interface RequestLogLine {
  method: string;
  path: string;
  status: number;
  durationMs: number;
  /** For chat requests: how the run ended. */
  run?: ChatRunStatus;
}

/** A running chat server. */
export interface ChatServer {
  /** `http://127.0.0.1:{port}` */
  readonly url: string;
  readonly port: number;
  readonly backend: Pick<ModelBackend, "kind" | "modelId" | "description">;
  /** Every chat run so far, oldest first. */
  readonly runs: readonly ChatRun[];
  /** Aborts running chats, stops listening and closes the model backend. */
  close(): Promise<void>;
}

/**
 * Starts the chat page's server on 127.0.0.1: `GET /` the page, `GET /app.js` its script (bundled now),
 * `GET /favicon.svg` its icon, `POST /api/chat` `{ message, sessionId }` (or `{ decisions, sessionId }` on
 * calls waiting for approval) answered with the run's events as Server-Sent Events. The agent keeps each
 * session's conversation; a client that disconnects aborts its run. A `/research …` message runs the trip
 * research graph instead, answered as an AI SDK UI message stream (`toGraphUIMessageStreamResponse`).
 */
export async function startChatServer(options: ChatServerOptions = {}): Promise<ChatServer> {
  const assets = await bundlePage();
  const backend = await openModelBackend(options.backend, options.script);
  // The scripted demo's booking and billing conversations are other model ids: each session keeps the desk
  // its first message went to, and the desk keeps which of its agents the session is with.
  const agents = sessionAgents({
    modelIdFor: backend.modelIdFor,
    makeAgent: (modelId) =>
      createDesk({ modelId, billingModelId: backend.billingModelId, client: backend.client }),
  });
  const research = createResearchGraph({ modelIdFor: backend.researchModelIdFor, client: backend.client });
  const runs: ChatRun[] = [];
  const running = new Map<string, AbortController>();

  async function chat(req: IncomingMessage, res: ServerResponse): Promise<ChatRun | undefined> {
    // JSON only: a web page elsewhere cannot send it to this server without a CORS preflight, which fails.
    if (!/^application\/json\b/i.test(req.headers["content-type"] ?? "")) {
      sendJson(res, 415, { error: "Send the message as application/json." });
      return undefined;
    }
    const body = await readJson(req);
    const message = typeof body?.message === "string" ? body.message.trim() : "";
    const sessionId = typeof body?.sessionId === "string" ? body.sessionId : "";
    // Either a new message, or the page's decisions on the calls the last run left waiting for approval.
    let decisions: ApprovalDecision[] | undefined;
    try {
      decisions = body ? approvalDecisionsOf(body) : undefined;
    } catch {
      decisions = undefined;
    }
    if ((!message && !decisions) || !SESSION_ID_PATTERN.test(sessionId)) {
      sendJson(res, 400, {
        error: "Send JSON { message, sessionId } with a non-empty message, or { decisions, sessionId }.",
      });
      return undefined;
    }
    const question = decisions ? undefined : researchQuestionOf(message);
    if (question === "") {
      sendJson(res, 400, { error: "Say what to research, e.g. /research A long weekend in Lisbon." });
      return undefined;
    }
    // One run per session at a time: two would race to append to the same conversation.
    if (running.has(sessionId)) {
      sendJson(res, 409, { error: "This session is still answering; stop it or wait." });
      return undefined;
    }
    const run: ChatRun = { sessionId, message, status: "running", ...(decisions ? { decisions } : {}) };
    runs.push(run);
    const controller = new AbortController();
    running.set(sessionId, controller);
    // Also abort at once when the page goes away, even while a tool is busy and no event is due.
    res.once("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    if (question !== undefined) {
      try {
        const result = await answerResearch(research, question, res, {
          sessionId,
          signal: controller.signal,
        });
        run.status = result.status === "paused" ? "awaiting-approval" : "completed";
      } catch (error) {
        failed(run, error);
      } finally {
        running.delete(sessionId);
      }
      return run;
    }
    const stream = agents.agentFor(sessionId, message).stream(decisions ? { decisions } : message, {
      sessionId,
      signal: controller.signal,
    });
    try {
      await pipeSseToNodeResponse(stream, res);
    } catch {
      // A failed write means the client left; the run's own outcome is read below.
    }
    try {
      const result = await stream.result;
      run.status = result.stopReason === "awaiting_approval" ? "awaiting-approval" : "completed";
    } catch (error) {
      failed(run, error);
    } finally {
      running.delete(sessionId);
    }
    return run;
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<ChatRun | undefined> {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    // A page on another site that rebinds its DNS name to 127.0.0.1 still sends its own Host.
    if (!LOCAL_HOSTS.has(hostnameOf(req.headers.host))) {
      sendText(res, 403, "text/plain", "Open this page at http://127.0.0.1 or http://localhost.");
      return undefined;
    }
    if (req.method === "POST" && path === "/api/chat") return chat(req, res);
    if (req.method !== "GET" && req.method !== "HEAD") {
      sendText(res, 405, "text/plain", "Method not allowed");
      return undefined;
    }
    const asset = staticAsset(path, assets);
    if (asset) sendText(res, 200, asset.type, asset.body);
    else if (path === "/api/info") {
      sendJson(res, 200, {
        backend: backend.kind,
        modelId: backend.modelId,
        description: backend.description,
        suggestions: backend.suggestions,
      });
    } else sendText(res, 404, "text/plain", "Not found");
    return undefined;
  }

  const server = createServer((req, res) => {
    const startedAt = performance.now();
    route(req, res).then(
      (run) => {
        options.onRequest?.({
          method: req.method ?? "GET",
          path: req.url ?? "/",
          status: res.statusCode,
          durationMs: Math.round(performance.now() - startedAt),
          ...(run ? { run: run.status } : {}),
        });
      },
      () => {
        if (!res.headersSent) sendText(res, 500, "text/plain", "Internal error");
        else res.destroy();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    backend: { kind: backend.kind, modelId: backend.modelId, description: backend.description },
    runs,
    close: () => {
      closing ??= (async () => {
        for (const controller of running.values()) controller.abort();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await backend.close();
      })();
      return closing;
    },
  };
}

/** The run ended with `error`: aborted (the page left or stopped it), or failed with its code. */
function failed(run: ChatRun, error: unknown): void {
  const code = LodeError.isInstance(error) ? error.code : "unknown";
  run.status = code === "aborted" ? "aborted" : "failed";
  if (run.status === "failed") run.errorCode = code;
}

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost"]);

function hostnameOf(host: string | undefined): string {
  try {
    return new URL(`http://${host ?? ""}`).hostname;
  } catch {
    return "";
  }
}

function staticAsset(path: string, assets: PageAssets): { type: string; body: string } | undefined {
  switch (path) {
    case "/":
    case "/index.html":
      return { type: "text/html", body: assets.html };
    case "/app.js":
      return { type: "text/javascript", body: assets.js };
    case "/styles.css":
      return { type: "text/css", body: assets.css };
    // The page links the SVG; /favicon.ico is what a browser asks for when it has not read the page.
    case "/favicon.svg":
    case "/favicon.ico":
      return { type: "image/svg+xml", body: assets.icon };
    default:
      return undefined;
  }
}

function sendText(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    "content-type": `${type}; charset=utf-8`,
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    ...(type === "text/html"
      ? { "content-security-policy": "default-src 'self'; img-src 'self' data: blob:; base-uri 'none'" }
      : {}),
  });
  res.end(res.req.method === "HEAD" ? undefined : body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  sendText(res, status, "application/json", JSON.stringify(value));
}

/** The request's JSON body, or undefined when it is missing, too large or not JSON. */
async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  try {
    // What the page's streamAgent sent, bytes restored; too long, not UTF-8 or not JSON is invalid-request.
    const value = await readAgentRequest(req, { maxBytes: MAX_BODY_BYTES });
    return value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch (error) {
    if (error instanceof LodeError && error.code === "invalid-request") return undefined;
    throw error;
  }
}
