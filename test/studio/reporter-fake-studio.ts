import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseWithBytes } from "@lode/core";
import type { ControlAck, ControlMessage, Report, ReportBatch } from "@lode/studio";

/** The token the fake studio's URL carries. */
export const FAKE_TOKEN = "fake-token";

export interface FakeStudio {
  /** The page URL, as a studio prints it. */
  url: string;
  batches: ReportBatch[];
  acks: ControlAck[];
  /** Requests received (answered or held), by path without the query. */
  requests: string[];
  /** Requests the server holds open without answering (`hang`). */
  held: number;
  /** Control channels open now, by client id. */
  controlClients(): string[];
  /** Every report received, in order. */
  reports(): Report[];
  /** Sends a control message to every open control channel. */
  sendControl(message: ControlMessage): void;
  /** Resolves once `check()` holds, checked after each request (backstop: rejects after 10 s). */
  until(check: () => boolean): Promise<void>;
  close(): Promise<void>;
}

/**
 * A stand-in for the studio: records the batches and acks a reporter POSTs (checking its token), keeps
 * control channels open to send messages on, or (`hang`) holds every request open and never answers.
 */
export async function startFakeStudio(mode: "answer" | "hang" = "answer"): Promise<FakeStudio> {
  const batches: ReportBatch[] = [];
  const acks: ControlAck[] = [];
  const requests: string[] = [];
  const channels = new Map<string, ServerResponse>();
  const open = new Set<ServerResponse>();
  const waiters = new Set<() => void>();
  const changed = () => {
    for (const waiter of [...waiters]) waiter();
  };
  const fake: FakeStudio = {
    url: "",
    batches,
    acks,
    requests,
    held: 0,
    controlClients: () => [...channels.keys()],
    reports: () => batches.flatMap((batch) => batch.reports),
    sendControl: (message) => {
      for (const res of channels.values()) res.write(`data: ${JSON.stringify(message)}\n\n`);
    },
    until: (check) =>
      new Promise((resolve, reject) => {
        if (check()) return resolve();
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error("the fake studio never saw what the test waited for"));
        }, 10_000);
        const waiter = () => {
          if (!check()) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve();
        };
        waiters.add(waiter);
      }),
    close: async () => {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    requests.push(url.pathname);
    open.add(res);
    res.on("close", () => open.delete(res));
    if (mode === "hang") {
      fake.held += 1;
      changed();
      return;
    }
    if (req.headers["x-lode-studio-token"] !== FAKE_TOKEN) {
      res.writeHead(401).end();
      return changed();
    }
    if (req.method === "GET" && url.pathname === "/api/control") {
      const client = url.searchParams.get("client") ?? "";
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(": open\n\n");
      channels.set(client, res);
      res.on("close", () => {
        if (channels.get(client) === res) channels.delete(client);
        changed();
      });
      return changed();
    }
    const body = await bodyOf(req);
    if (url.pathname === "/api/reports") batches.push(parseWithBytes(body) as ReportBatch);
    else if (url.pathname === "/api/control/ack") acks.push(JSON.parse(body) as ControlAck);
    res.writeHead(204).end();
    changed();
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}/?token=${FAKE_TOKEN}`;
  return fake;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** A URL no studio listens on: a port that was just bound and released. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, "close");
  return `http://127.0.0.1:${port}/?token=${FAKE_TOKEN}`;
}

/** The kinds of `reports`, events as `event:<type>`. */
export function kindsOf(reports: Report[]): string[] {
  return reports.map((report) => (report.kind === "event" ? `event:${report.event.type}` : report.kind));
}
