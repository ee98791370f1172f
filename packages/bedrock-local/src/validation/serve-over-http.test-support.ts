import {
  BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandInput,
  type ConverseCommandOutput,
  type Message,
  type ToolConfiguration,
  ValidationException,
} from "@aws-sdk/client-bedrock-runtime";
import { afterAll, beforeAll, expect } from "vitest";
import type { Script } from "../models/scripted/script-format.js";
import { type BedrockLocal, startBedrockLocal } from "../start-bedrock-local.js";

/** One tool, `get_weather`, taking any object. */
export const toolConfig: ToolConfiguration = {
  tools: [{ toolSpec: { name: "get_weather", inputSchema: { json: { type: "object" } } } }],
};
export const question: Message = { role: "user", content: [{ text: "Weather in Paris?" }] };
/** The user message answering tool use `id` with the weather. */
export const answered = (id: string): Message => ({
  role: "user",
  content: [{ toolResult: { toolUseId: id, content: [{ text: "Sunny, 22 degrees" }] } }],
});

export interface OverHttp {
  /** The SDK client on the server, one attempt per call (available once the file's tests run). */
  client(): BedrockRuntimeClient;
  /** The server's URL, for requests the SDK would not send. */
  url(): string;
  /** Sends a Converse request to `modelId`. */
  converse(input: Omit<ConverseCommandInput, "modelId">): Promise<ConverseCommandOutput>;
  /** The SDK's ValidationException for a request, checked to carry the id of the request the server logged. */
  rejectionOf(send: () => Promise<unknown>): Promise<ValidationException>;
}

/**
 * Starts bedrock-local serving `script` before the file's tests and stops it after them, with an unmodified SDK
 * client talking to it over HTTP.
 */
export function serveOverHttp({ script, modelId }: { script: Script; modelId: string }): OverHttp {
  let server: BedrockLocal;
  let client: BedrockRuntimeClient;

  beforeAll(async () => {
    server = await startBedrockLocal({ script });
    client = new BedrockRuntimeClient({ ...server.clientConfig, maxAttempts: 1 });
  });

  afterAll(async () => {
    client.destroy();
    await server.close();
  });

  return {
    client: () => client,
    url: () => server.url,
    converse: (input) => client.send(new ConverseCommand({ modelId, ...input })),
    rejectionOf: async (send) => {
      try {
        await send();
      } catch (error) {
        if (!(error instanceof ValidationException)) throw error;
        expect(error.$metadata.httpStatusCode).toBe(400);
        expect(error.$metadata.requestId).toBe(server.requests.at(-1)?.requestId);
        return error;
      }
      throw new Error("the request was accepted");
    },
  };
}
