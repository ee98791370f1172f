import { once } from "node:events";
import { readFileSync } from "node:fs";
import https from "node:https";
import net from "node:net";
import { BedrockRuntimeClient, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttp2Handler, NodeHttpHandler } from "@smithy/node-http-handler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BedrockLocal, startBedrockLocal } from "../start-bedrock-local.js";

const tlsFile = (name: string) => readFileSync(new URL(`../../fixtures/tls/${name}`, import.meta.url));
const ca = tlsFile("localhost-cert.pem");
const MODEL = "anthropic.claude-3-haiku-20240307-v1:0";

describe("bedrock-local over TLS (a self-signed certificate)", () => {
  let server: BedrockLocal;
  beforeAll(async () => {
    server = await startBedrockLocal({
      script: { models: { "*": { turns: [{ text: "Hello over TLS." }] } } },
      tls: { key: tlsFile("localhost-key.pem"), cert: ca },
    });
  });
  afterAll(() => server.close());

  async function streamedText(client: BedrockRuntimeClient): Promise<string> {
    const response = await client.send(
      new ConverseStreamCommand({ modelId: MODEL, messages: [{ role: "user", content: [{ text: "Hi" }] }] }),
    );
    let text = "";
    for await (const event of response.stream ?? []) text += event.contentBlockDelta?.delta?.text ?? "";
    client.destroy();
    return text;
  }

  it("serves https:// and answers the SDK over HTTP/2, chosen by ALPN", async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const client = new BedrockRuntimeClient({
      ...server.clientConfig,
      requestHandler: new NodeHttp2Handler({ nodeHttp2ConnectOptions: { ca } }),
    });
    expect(await streamedText(client)).toBe("Hello over TLS.");
    expect(server.requests.at(-1)?.httpVersion).toBe("2.0");
  });

  it("answers HTTP/1.1 on the same port to a client that offers only it", async () => {
    const client = new BedrockRuntimeClient({
      ...server.clientConfig,
      requestHandler: new NodeHttpHandler({ httpsAgent: new https.Agent({ ca, keepAlive: true }) }),
    });
    expect(await streamedText(client)).toBe("Hello over TLS.");
    expect(server.requests.at(-1)?.httpVersion).toBe("1.1");
  });

  it("refuses a client that does not trust the certificate, and keeps serving", async () => {
    const untrusting = new BedrockRuntimeClient({ ...server.clientConfig, maxAttempts: 1 });
    await expect(streamedText(untrusting)).rejects.toThrow(/self[- ]signed|certificate/i);
    untrusting.destroy();
    const client = new BedrockRuntimeClient({
      ...server.clientConfig,
      requestHandler: new NodeHttp2Handler({ nodeHttp2ConnectOptions: { ca } }),
    });
    expect(await streamedText(client)).toBe("Hello over TLS.");
  });
});

describe("bedrock-local over TLS, half-open connections", () => {
  it("closes a connection that never starts its TLS handshake", async () => {
    const server = await startBedrockLocal({
      tls: { key: tlsFile("localhost-key.pem"), cert: ca },
      timeouts: { headersMs: 200 },
    });
    try {
      const socket = net.connect(server.port, "127.0.0.1");
      socket.on("error", () => {});
      await once(socket, "connect");
      await once(socket, "close");
      expect(socket.destroyed).toBe(true);
    } finally {
      await server.close();
    }
  });
});
