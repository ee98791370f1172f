import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { type Agent, LodeError, pipeSseToNodeResponse, readAgentRequest } from "@lode/core";

const PAGE = fileURLToPath(new URL("../public/index.html", import.meta.url));
// The page imports "@lode/core/client" (its import map points it at /lode/client.js): those browser-safe
// modules are served from the installed package, so the page needs no bundler.
const CLIENT_DIR = dirname(fileURLToPath(import.meta.resolve("@lode/core/client")));
const SESSION_ID = /^[\w-]{1,100}$/;

export interface ChatServer {
  /** `http://127.0.0.1:{port}` */
  readonly url: string;
  /** Stops listening and closes every connection (which aborts the runs still streaming). */
  close(): Promise<void>;
}

/**
 * Serves the chat page on 127.0.0.1: `GET /` the page, `GET /lode/*.js` the modules it imports, and
 * `POST /api/chat` `{ message, sessionId }`, answered with the run's events as Server-Sent Events. The
 * agent keeps each session's conversation; a client that goes away aborts its run.
 */
export async function startChatServer(options: { agent: Agent; port?: number }): Promise<ChatServer> {
  const server = createServer((req, res) => {
    route(options.agent, req, res).catch(() => {
      if (!res.headersSent) send(res, 500, "text/plain", "Internal error");
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function route(agent: Agent, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  if (req.method === "POST" && path === "/api/chat") return chat(agent, req, res);
  if (req.method === "GET" && path === "/") return send(res, 200, "text/html", await readFile(PAGE));
  const asset = /^\/lode\/([\w/.-]+\.js)$/.exec(path)?.[1];
  const file = asset && !asset.includes("..") ? join(CLIENT_DIR, asset) : undefined;
  if (req.method === "GET" && file?.startsWith(CLIENT_DIR + sep)) {
    const body = await readFile(file).catch(() => undefined);
    if (body) return send(res, 200, "text/javascript", body);
  }
  send(res, 404, "text/plain", "Not found");
}

async function chat(agent: Agent, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let body: { message?: unknown; sessionId?: unknown } | undefined;
  try {
    // What the page's streamAgent sent; too large or not JSON is a LodeError "invalid-request".
    body = (await readAgentRequest(req, { maxBytes: 64 * 1024 })) as typeof body;
  } catch (error) {
    if (!LodeError.isInstance(error)) throw error;
  }
  const message = typeof body?.message === "string" ? body.message.trim() : "";
  const sessionId = typeof body?.sessionId === "string" ? body.sessionId : "";
  if (!message || !SESSION_ID.test(sessionId)) {
    send(res, 400, "application/json", JSON.stringify({ error: "Send JSON { message, sessionId }." }));
    return;
  }
  const controller = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const stream = agent.stream(message, { sessionId, signal: controller.signal });
  try {
    // A run that fails still ends its stream, with a run-error event the page shows.
    await pipeSseToNodeResponse(stream, res);
  } catch {
    // The client went away.
  }
  await stream.result.catch(() => undefined);
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    "content-type": `${type}; charset=utf-8`,
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
  });
  res.end(body);
}
