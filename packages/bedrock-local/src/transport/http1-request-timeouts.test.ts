import { once } from "node:events";
import { readFileSync } from "node:fs";
import net from "node:net";
import tls from "node:tls";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type BedrockLocal, startBedrockLocal } from "../start-bedrock-local.js";
import type { ConnectionTimeouts } from "./connection-timeouts.js";

const CONVERSE_PATH = "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse";
const BODY = JSON.stringify({ messages: [{ role: "user", content: [{ text: "Hi" }] }] });
const HEADERS = `POST ${CONVERSE_PATH} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n`;
const WHOLE_REQUEST = `${HEADERS}Content-Length: ${Buffer.byteLength(BODY)}\r\n\r\n${BODY}`;
const SHORT_BODY_REQUEST = `${HEADERS}Content-Length: 500\r\n\r\n${BODY}`;
/** The one limit under test; the others are a minute, so only the one under test can close the connection. */
const LIMIT_MS = 200;
const MARGIN_MS = 1_000;
const LONG_MS = 60_000;
const tlsFile = (name: string) => readFileSync(new URL(`../../fixtures/tls/${name}`, import.meta.url));

const opened: net.Socket[] = [];
afterEach(() => {
  for (const socket of opened.splice(0)) socket.destroy();
});

/** Opens a raw connection (TLS offering only HTTP/1.1 when `secure`); `received` holds what the server sent. */
async function connect(
  server: BedrockLocal,
  secure = false,
): Promise<{ socket: net.Socket; received: () => string }> {
  const socket = secure
    ? tls.connect({
        port: server.port,
        host: "127.0.0.1",
        ca: tlsFile("localhost-cert.pem"),
        servername: "localhost",
        ALPNProtocols: ["http/1.1"],
      })
    : net.connect(server.port, "127.0.0.1");
  opened.push(socket);
  socket.on("error", () => {});
  let received = "";
  socket.on("data", (chunk: Buffer) => {
    received += chunk.toString();
  });
  await once(socket, secure ? "secureConnect" : "connect");
  return { socket, received: () => received };
}

/** Whether the server closed `socket` within `ms`. */
async function closedWithin(socket: net.Socket, ms: number): Promise<boolean> {
  if (socket.closed) return true;
  let timer: NodeJS.Timeout | undefined;
  const closed = await Promise.race([
    // Not once(): it rejects on the ECONNRESET a client still writing sees when the server closes.
    new Promise<boolean>((resolve) => socket.once("close", () => resolve(true))),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    }),
  ]);
  clearTimeout(timer);
  return closed;
}

/** Resolves once `received()` holds a whole answer to the first request. */
async function answered(socket: net.Socket, received: () => string): Promise<void> {
  while (!received().includes("Hello.")) await once(socket, "data");
}

async function serve(timeouts: Partial<ConnectionTimeouts>, secure = false): Promise<BedrockLocal> {
  return startBedrockLocal({
    script: { models: { "*": { loop: true, turns: [{ text: "Hello." }] } } },
    timeouts,
    ...(secure ? { tls: { key: tlsFile("localhost-key.pem"), cert: tlsFile("localhost-cert.pem") } } : {}),
  });
}

for (const secure of [false, true]) {
  describe(`HTTP/1.1 request time limits (${secure ? "TLS" : "cleartext"})`, () => {
    describe("headersMs", () => {
      let server: BedrockLocal;
      beforeAll(async () => {
        server = await serve({ headersMs: LIMIT_MS, bodyMs: LONG_MS, idleMs: LONG_MS }, secure);
      });
      afterAll(() => server.close());

      it("closes a request whose headers stop half-way within headersMs", async () => {
        const { socket } = await connect(server, secure);
        socket.write(`POST ${CONVERSE_PATH} HTTP/1.1\r\nHost: localhost\r\n`);
        expect(await closedWithin(socket, LIMIT_MS + MARGIN_MS)).toBe(true);
      });

      it("closes a request whose headers trickle in for longer than headersMs", async () => {
        const { socket } = await connect(server, secure);
        const trickle = setInterval(() => socket.writable && socket.write("X-Slow: 1\r\n"), LIMIT_MS / 4);
        socket.write(`POST ${CONVERSE_PATH} HTTP/1.1\r\nHost: localhost\r\n`);
        try {
          expect(await closedWithin(socket, LIMIT_MS + MARGIN_MS)).toBe(true);
        } finally {
          clearInterval(trickle);
        }
      });

      it("answers whole requests one after another on one connection", async () => {
        const { socket, received } = await connect(server, secure);
        socket.write(WHOLE_REQUEST);
        await answered(socket, received);
        socket.write(WHOLE_REQUEST);
        while (received().split("Hello.").length < 3) await once(socket, "data");
        expect(received().match(/HTTP\/1\.1 200/g)).toHaveLength(2);
      });
    });

    describe("bodyMs", () => {
      let server: BedrockLocal;
      beforeAll(async () => {
        server = await serve({ headersMs: LONG_MS, bodyMs: LIMIT_MS, idleMs: LONG_MS }, secure);
      });
      afterAll(() => server.close());

      it("closes a request whose body stops short of its Content-Length within bodyMs", async () => {
        const { socket, received } = await connect(server, secure);
        socket.write(SHORT_BODY_REQUEST);
        expect(await closedWithin(socket, LIMIT_MS + MARGIN_MS)).toBe(true);
        expect(received()).toBe("");
      });

      it("closes a second request on a kept-alive connection whose body stops short within bodyMs", async () => {
        const { socket, received } = await connect(server, secure);
        socket.write(WHOLE_REQUEST);
        await answered(socket, received);
        socket.write(SHORT_BODY_REQUEST);
        expect(await closedWithin(socket, LIMIT_MS + MARGIN_MS)).toBe(true);
      });
    });

    describe("idleMs", () => {
      let server: BedrockLocal;
      beforeAll(async () => {
        server = await serve({ headersMs: LONG_MS, bodyMs: LONG_MS, idleMs: LIMIT_MS }, secure);
      });
      afterAll(() => server.close());

      it("closes a kept-alive connection that sends half the headers of its next request", async () => {
        const { socket, received } = await connect(server, secure);
        socket.write(WHOLE_REQUEST);
        await answered(socket, received);
        socket.write(`POST ${CONVERSE_PATH} HTTP/1.1\r\n`);
        // Node keeps an idle HTTP/1.1 connection a second past its keep-alive timeout.
        expect(await closedWithin(socket, LIMIT_MS + 2 * MARGIN_MS)).toBe(true);
      });
    });
  });
}
