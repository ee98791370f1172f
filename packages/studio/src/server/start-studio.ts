import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { loadPageAssets } from "../page-assets/page-assets.js";
import { RunStore } from "../store/run-store.js";
import { handleActionRoute } from "./action-routes.js";
import { handleApiRoute } from "./api-routes.js";
import { ACK_TIMEOUT_MS, ControlRelay } from "./control-relay.js";
import { HttpError, sendError } from "./http-io.js";
import { LiveFeed } from "./live-feed.js";
import { handlePageRoute } from "./page-routes.js";
import { hasToken, isOwnHost } from "./request-guard.js";
import type { StudioContext } from "./studio-context.js";

export interface StartStudioOptions {
  /** The port on 127.0.0.1; 0 picks a free one. @default 0 */
  port?: number;
  /** What every request must carry (`?token=` or the `x-lode-studio-token` header). @default 24 random bytes, hex */
  token?: string;
  /** Runs kept; beyond it the oldest are dropped whole. @default 2000 */
  maxRuns?: number;
  /** Where "save as test" writes. @default `lode-tests` under the working directory */
  testsDir?: string;
  /** Folders of recordings to open as runs at the start. */
  recordings?: string[];
}

/** A running studio. */
export interface Studio {
  /** The page's URL, token included: what `LODE_STUDIO_URL` is set to. */
  url: string;
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  token: string;
  store: RunStore;
  /** Stops the server, ending its live streams and control channels. */
  close(): Promise<void>;
}

/**
 * Starts Lode Studio: an HTTP server on 127.0.0.1 that folds the reports of every process whose agents have
 * `instrumentation: studio()` into runs, serves the page that shows them, and relays decisions on waiting
 * calls back to the process that can resume them.
 */
export async function startStudio(options: StartStudioOptions = {}): Promise<Studio> {
  const token = options.token ?? randomBytes(24).toString("hex");
  const relay: ControlRelay = new ControlRelay(ACK_TIMEOUT_MS, (clientId) => store.clientChanged(clientId));
  const store: RunStore = new RunStore({
    maxRuns: options.maxRuns ?? 2000,
    isListening: (clientId) => relay.isListening(clientId),
  });
  const live = new LiveFeed(store);
  const context: StudioContext = {
    store,
    relay,
    live,
    settings: {
      maxRuns: store.maxRuns,
      testsDir: resolve(options.testsDir ?? "lode-tests"),
      version: VERSION,
    },
    pageUrl: "",
  };
  let port = 0;
  const server = createServer((request, response) => {
    void handle(context, request, response, port, token);
  });
  server.listen(options.port ?? 0, "127.0.0.1");
  await new Promise<void>((resolveListen, reject) => {
    server.once("listening", resolveListen);
    server.once("error", reject);
  });
  port = (server.address() as AddressInfo).port;
  // Bundling the page from source takes seconds: begin now, so the first visit does not wait for it.
  loadPageAssets().catch(() => {});
  const origin = `http://127.0.0.1:${port}`;
  context.pageUrl = `${origin}/?token=${token}`;
  const studio: Studio = {
    url: context.pageUrl,
    origin,
    token,
    store,
    close: async () => {
      live.close();
      relay.close();
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    },
  };
  try {
    await openRecordingFolders(context, options.recordings ?? []);
  } catch (error) {
    await studio.close();
    throw error;
  }
  return studio;
}

async function handle(
  context: StudioContext,
  request: IncomingMessage,
  response: ServerResponse,
  port: number,
  token: string,
): Promise<void> {
  try {
    if (!isOwnHost(request, port))
      throw new HttpError(403, "This studio answers on 127.0.0.1 and localhost only.");
    const url = new URL(request.url ?? "/", `http://127.0.0.1:${port}`);
    if (!hasToken(request, url, token)) throw new HttpError(401, "The studio's token is missing or wrong.");
    const handled =
      (await handleApiRoute(context, request, response, url)) ||
      (await handleActionRoute(context, request, response, url)) ||
      (await handlePageRoute(request, response, url, token));
    if (!handled) throw new HttpError(404, `No route ${request.method} ${url.pathname}.`);
  } catch (error) {
    if (error instanceof HttpError) sendError(response, error.status, error.message);
    else sendError(response, 500, error instanceof Error ? error.message : String(error));
  }
}

async function openRecordingFolders(context: StudioContext, folders: readonly string[]): Promise<void> {
  if (folders.length === 0) return;
  const { openRecordings } = await import("../actions/open-recordings.js");
  for (const folder of folders) {
    for (const record of await openRecordings(folder)) context.store.insert(record);
  }
}

/** The package's version, for `/api/config` (from its package.json, beside `src/` and `dist/` alike). */
const VERSION = readVersion();

function readVersion(): string {
  try {
    const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
    return (JSON.parse(text) as { version?: string }).version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}
