import { InvokeModelCommand, InvokeModelWithResponseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { startBedrockLocal } from "@lode/bedrock-local";
import { describe, expect, test } from "vitest";
import { jsonBytes } from "./support/json-bytes.js";
import { http1Client, http2Client, rejectionOf } from "./support/sdk-clients.js";
import { serveForSuite } from "./support/suite-server.js";

const V1 = "amazon.titan-embed-text-v1";
const V2 = "amazon.titan-embed-text-v2:0";

interface Embedding {
  embedding: number[];
  embeddingsByType?: { float?: number[]; binary?: number[] };
  inputTextTokenCount: number;
}

const local = serveForSuite({
  script: { models: { "*": { turns: [{ text: "unused" }] } } },
  faults: [
    {
      when: { modelId: "amazon.titan-embed-text-v2:0", requestNumber: 1 },
      error: { type: "ThrottlingException" },
    },
  ],
});

async function embed(modelId: string, body: Record<string, unknown>, via = local.client) {
  const output = await via.send(
    new InvokeModelCommand({
      modelId,
      contentType: "application/json",
      accept: "application/json",
      body: jsonBytes(body),
    }),
  );
  return JSON.parse(new TextDecoder().decode(output.body)) as Embedding;
}

/** The smallest valid embeddings body. */
const ONE_WORD = jsonBytes({ inputText: "x" });

const norm = (vector: number[]) => Math.hypot(...vector);

describe("Titan text embeddings", () => {
  test("a fault fails an embeddings request like any other (here the first request is throttled)", async () => {
    const error = (await rejectionOf(embed(V2, { inputText: "hello" }))) as Error;
    expect(error.name).toBe("ThrottlingException");
    expect(local.server.requests[0]?.operation).toBe("InvokeModel");
  });

  test("v2 gives 1024 normalized dimensions by default, the same vector for the same text", async () => {
    const first = await embed(V2, { inputText: "The quick brown fox" });
    const again = await embed(V2, { inputText: "The quick brown fox" });
    const other = await embed(V2, { inputText: "A slow green turtle" });
    expect(first.embedding).toHaveLength(1024);
    expect(norm(first.embedding)).toBeCloseTo(1, 5);
    expect(again.embedding).toEqual(first.embedding);
    expect(other.embedding).not.toEqual(first.embedding);
    expect(first.embeddingsByType?.float).toEqual(first.embedding);
    expect(first.inputTextTokenCount).toBeGreaterThan(0);
  });

  test.each([256, 512, 1024])("v2 honours dimensions %i", async (dimensions) => {
    expect((await embed(V2, { inputText: "size me", dimensions })).embedding).toHaveLength(dimensions);
  });

  test("v2 leaves the vector unnormalized when asked and adds a binary embedding of its signs", async () => {
    const raw = await embed(V2, {
      inputText: "raw please",
      dimensions: 256,
      normalize: false,
      embeddingTypes: ["float", "binary"],
    });
    expect(norm(raw.embedding)).toBeGreaterThan(1.5);
    expect(raw.embeddingsByType?.binary).toEqual(raw.embedding.map((value) => (value > 0 ? 1 : 0)));
  });

  test("v1 gives 1536 dimensions over HTTP/1.1 too, with the token count header", async () => {
    const http1 = http1Client(local.server);
    try {
      const vector = await embed(V1, { inputText: "legacy" }, http1);
      expect(vector.embedding).toHaveLength(1536);
      expect(vector.embeddingsByType).toBeUndefined();
      expect(local.server.requests.at(-1)?.httpVersion).toBe("1.1");
    } finally {
      http1.destroy();
    }
    const response = await fetch(`${local.server.url}/model/${V1}/invoke`, {
      method: "POST",
      body: JSON.stringify({ inputText: "legacy" }),
    });
    expect(response.headers.get("x-amzn-bedrock-input-token-count")).toBe(
      String(((await response.json()) as Embedding).inputTextTokenCount),
    );
  });

  test.each([
    [V2, { inputText: "x", dimensions: 100 }, "#/dimensions: 100 is not a valid enum value"],
    [V2, { dimensions: 256 }, "#: required key [inputText] not found"],
    [V2, { inputText: "" }, "#/inputText: expected minLength: 1, actual: 0"],
    [
      V2,
      { inputText: "x", embeddingTypes: ["int8"] },
      '#/embeddingTypes/0: "int8" is not a valid enum value',
    ],
    [V1, { inputText: "x", dimensions: 256 }, "#: extraneous key [dimensions] is not permitted"],
  ])("rejects a malformed body (%s %j)", async (modelId, body, problem) => {
    const error = (await rejectionOf(embed(modelId, body))) as Error;
    expect(error.name).toBe("ValidationException");
    expect(error.message).toBe(
      `Malformed input request: ${problem}, please reformat your input and try again.`,
    );
  });

  test("does not stream", async () => {
    const error = (await rejectionOf(
      local.client.send(
        new InvokeModelWithResponseStreamCommand({
          modelId: V2,
          body: ONE_WORD,
        }),
      ),
    )) as Error;
    expect(error.name).toBe("ValidationException");
  });
});

test("an embeddings model id no source serves is an invalid model identifier", async () => {
  const bare = await startBedrockLocal({ script: { models: { only: { turns: [{ text: "x" }] } } } });
  const bareClient = http2Client(bare);
  try {
    const error = (await rejectionOf(
      bareClient.send(
        new InvokeModelCommand({
          modelId: V2,
          body: ONE_WORD,
        }),
      ),
    )) as Error;
    expect(error.message).toBe("The provided model identifier is invalid.");
  } finally {
    bareClient.destroy();
    await bare.close();
  }
});
