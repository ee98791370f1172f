import { once } from "node:events";
import http2 from "node:http2";
import net from "node:net";
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BedrockLocal, startBedrockLocal } from "../start-bedrock-local.js";

const CONVERSE_PATH = "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse";
const BODY = JSON.stringify({ messages: [{ role: "user", content: [{ text: "Hi" }] }] });

describe("half-open connections", () => {
  let server: BedrockLocal;
  beforeAll(async () => {
    server = await startBedrockLocal({
      script: { models: { "*": { loop: true, turns: [{ text: "Hello." }] } } },
      timeouts: { headersMs: 200, bodyMs: 200, idleMs: 200 },
    });
  });
  afterAll(() => server.close());

  /** A raw TCP connection that has sent `bytes`; resolves with what the server sent once it closed it. */
  async function closedAfterSending(bytes: string): Promise<string> {
    const socket = net.connect(server.port, "127.0.0.1");
    await once(socket, "connect");
    let received = "";
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString();
    });
    socket.on("error", () => {});
    socket.write(bytes);
    await once(socket, "close");
    return received;
  }

  it("closes a connection that sends half an HTTP/2 preface", async () => {
    expect(await closedAfterSending("PRI * HTTP/2.0\r\n")).toBe("");
  });

  it("closes a connection that sends nothing at all", async () => {
    expect(await closedAfterSending("")).toBe("");
  });

  it("closes a request whose headers never end", async () => {
    expect(await closedAfterSending(`POST ${CONVERSE_PATH} HTTP/1.1\r\nHost: localhost\r\n`)).toBe("");
  });

  it("closes a request whose body is shorter than its Content-Length", async () => {
    const headers = `POST ${CONVERSE_PATH} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n`;
    expect(await closedAfterSending(`${headers}${BODY}`)).toBe("");
  });

  it("closes a kept-alive HTTP/1.1 connection left idle after its answer", async () => {
    const request = `POST ${CONVERSE_PATH} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(BODY)}\r\n\r\n${BODY}`;
    const received = await closedAfterSending(request);
    expect(received).toMatch(/^HTTP\/1\.1 200/);
    expect(received).toContain("Hello.");
  });

  it("closes an HTTP/2 session with no stream open once it is idle", async () => {
    const session = http2.connect(server.url);
    session.on("error", () => {});
    await once(session, "connect");
    await once(session, "close");
    expect(session.closed).toBe(true);
  });

  it("cancels an HTTP/2 stream whose body stops short, and the session closes once idle", async () => {
    const session = http2.connect(server.url);
    session.on("error", () => {});
    const stream = session.request({
      ":method": "POST",
      ":path": CONVERSE_PATH,
      "content-type": "application/json",
      "content-length": String(BODY.length),
    });
    stream.on("error", () => {});
    stream.write(BODY.slice(0, 10));
    await once(stream, "close");
    expect(stream.rstCode).toBe(http2.constants.NGHTTP2_CANCEL);
    await once(session, "close");
  });

  it("goes on answering the SDK", async () => {
    const client = new BedrockRuntimeClient({ ...server.clientConfig, maxAttempts: 1 });
    try {
      const response = await client.send(
        new ConverseCommand({ modelId: "m", messages: [{ role: "user", content: [{ text: "Hi" }] }] }),
      );
      expect(response.output?.message?.content).toEqual([{ text: "Hello." }]);
    } finally {
      client.destroy();
    }
  });

  it("refuses a timeout that is not a positive number", async () => {
    await expect(startBedrockLocal({ timeouts: { idleMs: 0 } })).rejects.toThrow(
      "bedrock-local: timeouts.idleMs must be a positive number of milliseconds",
    );
  });
});
