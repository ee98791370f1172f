import { type Agent, request } from "node:http";
import type { ControlMessage } from "../protocol/reports.js";
import { unrefSocket } from "./http-post.js";
import { type StudioEndpoint, TOKEN_HEADER } from "./studio-endpoint.js";

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 15_000;

/**
 * The reporter's end of `GET /api/control?client=`: server-sent `ControlMessage`s, read while it is open.
 * The socket and the reconnect timer are unref'd (listening never keeps a script running); a dropped or
 * refused connection is tried again after a growing pause, until `close()`.
 */
export class ControlChannel {
  private open = false;
  private current: ReturnType<typeof request> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryMs = 0;

  constructor(
    private readonly endpoint: StudioEndpoint,
    private readonly agent: Agent,
    private readonly clientId: string,
    private readonly onMessage: (message: ControlMessage) => void,
  ) {}

  /** Starts listening, if not already. */
  start(): void {
    if (this.open) return;
    this.open = true;
    this.connect();
  }

  close(): void {
    this.open = false;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.current?.destroy();
    this.current = undefined;
  }

  private connect(): void {
    if (!this.open) return;
    const url = new URL(`/api/control?client=${encodeURIComponent(this.clientId)}`, this.endpoint.base);
    const req = request(url, {
      agent: this.agent,
      headers: { accept: "text/event-stream", [TOKEN_HEADER]: this.endpoint.token },
    });
    this.current = req;
    let ended = false;
    const reconnect = () => {
      if (ended) return;
      ended = true;
      if (this.current === req) this.current = undefined;
      this.retryLater();
    };
    req.on("socket", unrefSocket);
    req.on("error", reconnect);
    req.on("close", reconnect);
    req.on("response", (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        return;
      }
      this.retryMs = 0;
      res.setEncoding("utf8");
      const parser = sseParser((data) => this.deliver(data));
      res.on("data", parser);
      res.on("error", reconnect);
    });
    req.end();
  }

  private retryLater(): void {
    if (!this.open) return;
    this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs ? this.retryMs * 2 : FIRST_RETRY_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect();
    }, this.retryMs);
    this.retryTimer.unref();
  }

  private deliver(data: string): void {
    try {
      const message = JSON.parse(data) as ControlMessage;
      if (message && typeof message === "object" && message.kind === "decisions") this.onMessage(message);
    } catch {
      // not a message this reporter knows: ignored
    }
  }
}

/**
 * Reads server-sent events from text chunks: each event's `data:` lines, joined by newlines, handed to
 * `onData` when the blank line ending it arrives. Comments (`: ping`) and other fields are skipped.
 */
export function sseParser(onData: (data: string) => void): (chunk: string) => void {
  let buffer = "";
  let data: string[] = [];
  return (chunk) => {
    buffer += chunk;
    let newline = buffer.search(/\r\n|\r|\n/);
    while (newline >= 0) {
      const line = buffer.slice(0, newline);
      const width = buffer.startsWith("\r\n", newline) ? 2 : 1;
      buffer = buffer.slice(newline + width);
      if (line === "") {
        if (data.length > 0) onData(data.join("\n"));
        data = [];
      } else if (line.startsWith("data:")) {
        data.push(line.slice(line.startsWith("data: ") ? 6 : 5));
      }
      newline = buffer.search(/\r\n|\r|\n/);
    }
  };
}
