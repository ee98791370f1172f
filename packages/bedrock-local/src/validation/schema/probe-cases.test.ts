import { connect } from "node:http2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BedrockLocal, startBedrockLocal } from "../../start-bedrock-local.js";

const PATH = `/model/${encodeURIComponent("us.anthropic.claude-sonnet-4-20250514-v1:0")}/converse`;
const question = { role: "user", content: [{ text: "What is in the picture?" }] };
const png = Buffer.from("png bytes").toString("base64");
const withImage = (image: unknown) => ({
  messages: [{ role: "user", content: [{ text: "Look." }, { image }] }],
});
const withToolResult = (toolResult: unknown) => ({
  toolConfig: { tools: [{ toolSpec: { name: "look", inputSchema: { json: { type: "object" } } } }] },
  messages: [
    question,
    { role: "assistant", content: [{ toolUse: { toolUseId: "tooluse_1", name: "look", input: {} } }] },
    { role: "user", content: [{ toolResult: { toolUseId: "tooluse_1", ...(toolResult as object) } }] },
  ],
});

/** The malformed bodies of the probe that found bedrock-local answering 78 of 200 with a 200 (issue 19). */
const PROBE_CASES: {
  name: string;
  body: unknown;
  error: "ValidationException" | "SerializationException";
}[] = [
  {
    name: "an image in tiff",
    body: withImage({ format: "tiff", source: { bytes: png } }),
    error: "ValidationException",
  },
  {
    name: "image bytes that are not base64",
    body: withImage({ format: "png", source: { bytes: "%%%" } }),
    error: "SerializationException",
  },
  {
    name: "image bytes that are a number",
    body: withImage({ format: "png", source: { bytes: 12 } }),
    error: "SerializationException",
  },
  {
    name: "image bytes that are null",
    body: withImage({ format: "png", source: { bytes: null } }),
    error: "ValidationException",
  },
  { name: "an image without a source", body: withImage({ format: "png" }), error: "ValidationException" },
  {
    name: "tool result content that is a number",
    body: withToolResult({ content: 5 }),
    error: "SerializationException",
  },
  {
    name: "tool result content that is a string",
    body: withToolResult({ content: "done" }),
    error: "SerializationException",
  },
  {
    name: "tool result status -1",
    body: withToolResult({ content: [{ text: "done" }], status: -1 }),
    error: "SerializationException",
  },
  {
    name: "a system text that is a number",
    body: { messages: [question], system: [{ text: 5 }] },
    error: "SerializationException",
  },
  {
    name: "inferenceConfig null",
    body: { messages: [question], inferenceConfig: null },
    error: "SerializationException",
  },
  {
    name: "maxTokens 'x'",
    body: { messages: [question], inferenceConfig: { maxTokens: "x" } },
    error: "SerializationException",
  },
  {
    name: "temperature -5",
    body: { messages: [question], inferenceConfig: { temperature: -5 } },
    error: "ValidationException",
  },
  {
    name: "topP 9",
    body: { messages: [question], inferenceConfig: { topP: 9 } },
    error: "ValidationException",
  },
  {
    name: "a tool description of true",
    body: {
      messages: [question],
      toolConfig: {
        tools: [{ toolSpec: { name: "look", description: true, inputSchema: { json: { type: "object" } } } }],
      },
    },
    error: "SerializationException",
  },
  {
    name: "reasoningContent 'x'",
    body: { messages: [question, { role: "assistant", content: [{ reasoningContent: "x" }] }, question] },
    error: "SerializationException",
  },
  {
    name: "a 300-character requestMetadata key",
    body: { messages: [question], requestMetadata: { ["k".repeat(300)]: "v" } },
    error: "ValidationException",
  },
];

let server: BedrockLocal;
beforeAll(async () => {
  server = await startBedrockLocal({
    script: { models: { "*": { loop: true, turns: [{ text: "A cat." }] } } },
  });
});
afterAll(() => server.close());

async function overHttp1(body: unknown): Promise<{ status: number; errorType: string }> {
  const response = await fetch(`${server.url}${PATH}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return {
    status: response.status,
    errorType: (response.headers.get("x-amzn-errortype") ?? "").split(":")[0] ?? "",
  };
}

function overHttp2(body: unknown): Promise<{ status: number; errorType: string }> {
  return new Promise((resolve, reject) => {
    const session = connect(server.url);
    session.on("error", reject);
    const stream = session.request({ ":method": "POST", ":path": PATH, "content-type": "application/json" });
    stream.on("response", (headers) => {
      const errorType = String(headers["x-amzn-errortype"] ?? "").split(":")[0] ?? "";
      stream.resume();
      stream.on("end", () => {
        session.close();
        resolve({ status: Number(headers[":status"]), errorType });
      });
    });
    stream.on("error", reject);
    stream.end(JSON.stringify(body));
  });
}

describe.each([
  { protocol: "HTTP/1.1", send: overHttp1 },
  { protocol: "HTTP/2", send: overHttp2 },
])("the probe's malformed Converse bodies over $protocol", ({ send }) => {
  it.each(PROBE_CASES)("refuses $name with a 400 $error", async ({ body, error }) => {
    expect(await send(body)).toEqual({ status: 400, errorType: error });
  });

  it("answers the well-formed request afterwards", async () => {
    expect(await send({ messages: [question] })).toEqual({ status: 200, errorType: "" });
  });
});
