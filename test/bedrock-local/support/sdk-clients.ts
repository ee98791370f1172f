import { Agent } from "node:http";
import {
  BedrockRuntimeClient,
  type BedrockRuntimeClientConfig,
  type ConverseStreamOutput,
} from "@aws-sdk/client-bedrock-runtime";
import type { BedrockLocal } from "@lode/bedrock-local";
import { NodeHttpHandler } from "@smithy/node-http-handler";

/**
 * For the SDK's own console lines: with its default logger it prints "An error was encountered in a
 * non-retryable streaming request." for every failed bidirectional stream, which these tests fail on purpose.
 */
const silentLogger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** The SDK's default handler: HTTP/2 with prior knowledge to an `http://` endpoint. */
export function http2Client(
  server: BedrockLocal,
  config: Partial<BedrockRuntimeClientConfig> = {},
): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    ...server.clientConfig,
    maxAttempts: 1,
    logger: silentLogger,
    ...config,
  });
}

/** HTTP/1.1 through `NodeHttpHandler`, optionally over a keep-alive agent holding `maxSockets` sockets. */
export function http1Client(
  server: BedrockLocal,
  options: { maxSockets?: number } & Partial<BedrockRuntimeClientConfig> = {},
): BedrockRuntimeClient {
  const { maxSockets, ...config } = options;
  const requestHandler =
    maxSockets === undefined
      ? new NodeHttpHandler()
      : new NodeHttpHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets }) });
  return new BedrockRuntimeClient({
    ...server.clientConfig,
    maxAttempts: 1,
    requestHandler,
    logger: silentLogger,
    ...config,
  });
}

/** Every event of a ConverseStream response, in order. */
export async function collectEvents(
  stream: AsyncIterable<ConverseStreamOutput> | undefined,
): Promise<ConverseStreamOutput[]> {
  const events: ConverseStreamOutput[] = [];
  for await (const event of stream ?? []) events.push(event);
  return events;
}

/** The events received before the stream failed, and what it failed with. */
export async function collectUntilError(
  stream: AsyncIterable<ConverseStreamOutput> | undefined,
): Promise<{ events: ConverseStreamOutput[]; error: unknown }> {
  const events: ConverseStreamOutput[] = [];
  try {
    for await (const event of stream ?? []) events.push(event);
  } catch (error) {
    return { events, error };
  }
  return { events, error: undefined };
}

/** The rejection of `promise` (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}
