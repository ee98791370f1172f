import {
  BedrockRuntimeClient,
  type BedrockRuntimeClientConfig,
  ConverseCommand,
  type ConverseCommandInput,
} from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { afterEach } from "vitest";
import type { Script } from "../models/scripted/script-format.js";
import { type BedrockLocal, type BedrockLocalOptions, startBedrockLocal } from "../start-bedrock-local.js";

const script: Script = {
  models: { "*": { turns: [{ text: "Signed and served." }] } },
};
export const GOOD = { accessKeyId: "AKIDKNOWN", secretAccessKey: "known-secret-key" };
export const TEMPORARY = {
  accessKeyId: "ASIATEMPORARY",
  secretAccessKey: "temporary-secret-key",
  sessionToken: "the-session-token",
};
export const EXPIRED = {
  accessKeyId: "ASIAEXPIRED",
  secretAccessKey: "expired-secret",
  expiresAt: "2020-01-01T00:00:00Z",
};
export const API_KEY = "ABSKbedrock-local-api-key";
export const MODEL_ID = "anthropic.claude-3-haiku-20240307-v1:0";
const silentLogger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** What a test file of bedrock-local's auth works with; servers and clients are closed after each test. */
export interface AuthOverHttp {
  /** Starts bedrock-local knowing GOOD, TEMPORARY, EXPIRED and API_KEY (unless `options` say otherwise). */
  start(options?: BedrockLocalOptions): Promise<BedrockLocal>;
  server(): BedrockLocal;
  /** An SDK client of the server, over the SDK's default HTTP/2 handler unless `http1`. */
  clientWith(config: Partial<BedrockRuntimeClientConfig>, http1?: boolean): BedrockRuntimeClient;
}

export function authOverHttp(): AuthOverHttp {
  let server: BedrockLocal | undefined;
  const clients: BedrockRuntimeClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server?.close();
    server = undefined;
  });
  const running = () => {
    if (!server) throw new Error("start() first");
    return server;
  };
  return {
    async start(options = {}) {
      server = await startBedrockLocal({
        script,
        auth: { accessKeys: [GOOD, TEMPORARY, EXPIRED], apiKeys: [API_KEY] },
        ...options,
      });
      return server;
    },
    server: running,
    clientWith(config, http1 = false) {
      const client = new BedrockRuntimeClient({
        endpoint: running().url,
        region: "us-east-1",
        maxAttempts: 1,
        logger: silentLogger,
        ...(http1 ? { requestHandler: new NodeHttpHandler() } : {}),
        ...config,
      });
      clients.push(client);
      return client;
    },
  };
}

/** A Converse request to `modelId`, saying hi. */
export const hello = (modelId = MODEL_ID): ConverseCommand =>
  new ConverseCommand({
    modelId,
    messages: [{ role: "user", content: [{ text: "Hi" }] }],
  } as ConverseCommandInput);

/** The SDK's error for `send`, as a test reads it: its name, status and message. */
export async function refusalOf(send: Promise<unknown>) {
  const error = (await send.then(
    () => {
      throw new Error("the request was accepted");
    },
    (caught: unknown) => caught,
  )) as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
  return { name: error.name, status: error.$metadata?.httpStatusCode, message: error.message };
}
