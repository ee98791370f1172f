import { readFileSync } from "node:fs";
import { BedrockRuntimeClient, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
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
