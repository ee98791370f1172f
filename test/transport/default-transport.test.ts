import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
} from "@aws-sdk/client-bedrock-runtime";
import { type BedrockLocal, type Script, startBedrockLocal } from "@lode/bedrock-local";
import { Agent, BedrockTransport } from "@lode/core";
import { NodeHttp2Handler } from "@smithy/node-http-handler";
import { afterEach, describe, expect, test } from "vitest";
import { NovaSession, names, nova } from "../bedrock-local/support/bidirectional-session.js";

const tls = (name: string) =>
  readFileSync(new URL(`../../packages/bedrock-local/fixtures/tls/${name}`, import.meta.url));
const MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
const script: Script = {
  models: {
    "amazon.nova-sonic-v1:0": { loop: true, turns: [{ text: "Hello from Nova." }] },
    "*": { loop: true, turns: [{ text: "Hello over the wire." }] },
  },
};

let server: BedrockLocal;
const clients: BedrockRuntimeClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await server.close();
});

const httpVersions = () => server.requests.map((request) => `${request.operation} ${request.httpVersion}`);

async function streamedText(client: BedrockRuntimeClient): Promise<string> {
  const response = await client.send(
    new ConverseStreamCommand({ modelId: MODEL, messages: [{ role: "user", content: [{ text: "Hi" }] }] }),
  );
  let text = "";
  for await (const event of response.stream ?? []) text += event.contentBlockDelta?.delta?.text ?? "";
  return text;
}

describe("Lode's default transport", () => {
  test("an agent made without a client runs over keep-alive HTTP/1.1", async () => {
    server = await startBedrockLocal({ script });
    const agent = new Agent({ modelId: MODEL, clientConfig: server.clientConfig });
    const other = new Agent({ modelId: MODEL, clientConfig: server.clientConfig });
    for (const each of [agent, agent, other])
      expect((await each.run("Hi")).text).toBe("Hello over the wire.");
    expect(httpVersions()).toEqual(Array(3).fill("ConverseStream 1.1"));
    expect(server.requests.map((request) => request.headers.connection)).toEqual(Array(3).fill("keep-alive"));
  });

  test("leaves retries to Lode: no SDK retry step (nor its headers) unless clientConfig asks for SDK retries", async () => {
    server = await startBedrockLocal({
      script,
      faults: [{ times: 1, error: { type: "ThrottlingException" } }],
    });
    const agent = new Agent({
      modelId: MODEL,
      clientConfig: server.clientConfig,
      retry: { initialDelayMs: 1, maxDelayMs: 1 },
    });
    const retries: string[] = [];
    agent.on("retry", (event) => retries.push(event.code));
    expect((await agent.run("Hi")).text).toBe("Hello over the wire.");
    expect(retries).toEqual(["throttled"]);
    expect(server.requests.map((request) => request.headers["amz-sdk-request"])).toEqual([
      undefined,
      undefined,
    ]);

    const sdkRetries = new Agent({
      modelId: MODEL,
      clientConfig: { ...server.clientConfig, maxAttempts: 2 },
    });
    await sdkRetries.run("Hi");
    expect(server.requests.at(-1)?.headers["amz-sdk-request"]).toBe("attempt=1; max=2");
  });

  test("a requestHandler in clientConfig, or a client of your own, replaces it", async () => {
    server = await startBedrockLocal({ script });
    const ownHandler = new Agent({
      modelId: MODEL,
      clientConfig: { ...server.clientConfig, requestHandler: new NodeHttp2Handler() },
    });
    const client = new BedrockRuntimeClient({ ...server.clientConfig, maxAttempts: 1 });
    clients.push(client);
    const ownClient = new Agent({ modelId: MODEL, client });
    await ownHandler.run("Hi");
    await ownClient.run("Hi");
    expect(httpVersions()).toEqual(["ConverseStream 2.0", "ConverseStream 2.0"]);
  });

  test("keeps HTTP/2 for the bidirectional stream, on the same client as HTTP/1.1 calls", async () => {
    server = await startBedrockLocal({ script });
    const client = new BedrockRuntimeClient({
      ...server.clientConfig,
      maxAttempts: 1,
      requestHandler: new BedrockTransport(),
    });
    clients.push(client);
    expect(await streamedText(client)).toBe("Hello over the wire.");

    const session = new NovaSession(client);
    session.open();
    session.send(nova.sessionStart());
    session.send(nova.promptStart());
    for (const event of nova.text("user-1", "USER", "Hi")) session.send(event);
    session.send(nova.promptEnd());
    session.send(nova.sessionEnd());
    session.close();
    expect(names(await session.rest())).toContain("textOutput");
    expect(httpVersions()).toEqual(["ConverseStream 1.1", "InvokeModelWithBidirectionalStream 2.0"]);
  });

  test("works over TLS, trusting the certificate given as ca", async () => {
    server = await startBedrockLocal({
      script,
      tls: { key: tls("localhost-key.pem"), cert: tls("localhost-cert.pem") },
    });
    const agent = new Agent({
      modelId: MODEL,
      clientConfig: {
        ...server.clientConfig,
        requestHandler: new BedrockTransport({ ca: tls("localhost-cert.pem") }),
      },
    });
    expect((await agent.run("Hi")).text).toBe("Hello over the wire.");
    expect(httpVersions()).toEqual(["ConverseStream 1.1"]);
  });
});

describe("a kept-alive connection the server closes", () => {
  test("is not the caller's failure: the request goes again, at once, on a new connection", async () => {
    // A server that drops every connection at its second request, as one does whose idle timeout ends
    // just as the client reuses the connection.
    const requestsOn = new WeakMap<object, number>();
    const answered: number[] = [];
    const flaky = http.createServer((request, response) => {
      const count = (requestsOn.get(request.socket) ?? 0) + 1;
      requestsOn.set(request.socket, count);
      if (count > 1) {
        request.socket.destroy();
        return;
      }
      answered.push(count);
      response.setHeader("content-type", "application/json");
      response.end(
        JSON.stringify({
          output: { message: { role: "assistant", content: [{ text: "ok" }] } },
          stopReason: "end_turn",
          usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
          metrics: { latencyMs: 1 },
        }),
      );
    });
    await new Promise<void>((resolve) => flaky.listen(0, "127.0.0.1", resolve));
    const { port } = flaky.address() as AddressInfo;
    const client = new BedrockRuntimeClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: "us-east-1",
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      maxAttempts: 1,
      requestHandler: new BedrockTransport(),
    });
    try {
      for (let call = 0; call < 3; call++) {
        const response = await client.send(
          new ConverseCommand({ modelId: MODEL, messages: [{ role: "user", content: [{ text: "Hi" }] }] }),
        );
        expect(response.output?.message?.content).toEqual([{ text: "ok" }]);
      }
      // Each call after the first met a closed connection, and was answered on a new one.
      expect(answered).toEqual([1, 1, 1]);
    } finally {
      client.destroy();
      await new Promise<void>((resolve) => flaky.close(() => resolve()));
    }
  });
});
