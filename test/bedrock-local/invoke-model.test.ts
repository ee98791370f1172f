import {
  CountTokensCommand,
  InvokeModelCommand,
  type InvokeModelCommandInput,
} from "@aws-sdk/client-bedrock-runtime";
import type { Script } from "@lode/bedrock-local";
import { describe, expect, test } from "vitest";
import { jsonBytes } from "./support/json-bytes.js";
import { http1Client, rejectionOf } from "./support/sdk-clients.js";
import { serveForSuite } from "./support/suite-server.js";

const CLAUDE = "us.anthropic.claude-3-5-sonnet-20240620-v1:0";
const script: Script = {
  models: {
    [CLAUDE]: {
      turns: [
        {
          content: [
            { text: "Let me look that up." },
            { toolUse: { id: "toolu_bdrk_weather_1", name: "get_weather", input: { city: "Lisbon" } } },
          ],
          expect: { lastUserText: "weather", tools: ["get_weather"], system: "helpful" },
        },
        { text: "Sunny, 24 °C.", expect: { toolResultsFor: ["toolu_bdrk_weather_1"] } },
      ],
    },
    thinker: { loop: true, turns: [{ content: [{ reasoning: "The user greets me." }, { text: "Hello!" }] }] },
    cached: {
      turns: [
        {
          text: "From cache.",
          usage: { inputTokens: 4, cacheReadInputTokens: 100, cacheWriteInputTokens: 0 },
        },
      ],
    },
    "*": { turns: [{ text: "Hi there." }] },
  },
};

const local = serveForSuite({ script });

/** The parts of a Claude message these tests read. */
interface ClaudeBlock {
  type: string;
  text?: string;
  thinking?: string;
  signature?: string;
}
interface ClaudeMessage {
  id: string;
  content: ClaudeBlock[];
  stop_reason: string;
  usage: Record<string, number>;
}

function claudeBody(messages: unknown[], extra: Record<string, unknown> = {}) {
  return { anthropic_version: "bedrock-2023-05-31", max_tokens: 200, messages, ...extra };
}

async function invoke(modelId: string, body: unknown, input: Partial<InvokeModelCommandInput> = {}) {
  const output = await local.client.send(
    new InvokeModelCommand({
      modelId,
      contentType: "application/json",
      accept: "application/json",
      body: jsonBytes(body),
      ...input,
    }),
  );
  return { ...output, json: JSON.parse(new TextDecoder().decode(output.body)) as ClaudeMessage };
}

const weatherTool = {
  name: "get_weather",
  description: "Weather for a city",
  input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
};

describe("InvokeModel with Anthropic Claude's Messages format", () => {
  test("answers a text turn as a Claude message with Bedrock's id, model, stop reason and usage", async () => {
    const { json, contentType } = await invoke(
      "anthropic.claude-3-haiku-20240307-v1:0",
      claudeBody([{ role: "user", content: "Hello" }]),
    );

    expect(contentType).toBe("application/json");
    expect(json).toMatchObject({
      type: "message",
      role: "assistant",
      model: "claude-3-haiku-20240307",
      content: [{ type: "text", text: "Hi there." }],
      stop_reason: "end_turn",
      stop_sequence: null,
    });
    expect(json.id).toMatch(/^msg_bdrk_01[a-zA-Z0-9]{22}$/);
    expect(Object.keys(json.usage)).toEqual(["input_tokens", "output_tokens"]);
    expect(json.usage.output_tokens).toBeGreaterThan(0);
  });

  test("runs a tool use round trip, the script's expectations checking the translated request", async () => {
    const question = { role: "user", content: [{ type: "text", text: "What is the weather in Lisbon?" }] };
    const first = await invoke(
      CLAUDE,
      claudeBody([question], { system: "You are helpful.", tools: [weatherTool] }),
    );
    expect(first.json.stop_reason).toBe("tool_use");
    expect(first.json.content).toEqual([
      { type: "text", text: "Let me look that up." },
      { type: "tool_use", id: "toolu_bdrk_weather_1", name: "get_weather", input: { city: "Lisbon" } },
    ]);

    const second = await invoke(
      CLAUDE,
      claudeBody(
        [
          question,
          { role: "assistant", content: first.json.content },
          {
            role: "user",
            content: [{ type: "tool_result", tool_use_id: "toolu_bdrk_weather_1", content: "24 C" }],
          },
        ],
        { system: [{ type: "text", text: "You are helpful." }], tools: [weatherTool] },
      ),
    );
    expect(second.json.content).toEqual([{ type: "text", text: "Sunny, 24 °C." }]);
    expect(second.json.stop_reason).toBe("end_turn");
  });

  test("answers thinking with a signature that a follow-up request may send back", async () => {
    const thinking = { type: "enabled", budget_tokens: 1024 };
    // Claude takes a budget only below max_tokens.
    const max_tokens = 2048;
    const { json } = await invoke(
      "thinker",
      claudeBody([{ role: "user", content: "Hi" }], { thinking, max_tokens }),
    );
    const [block, text] = json.content;
    expect(block).toMatchObject({ type: "thinking", thinking: "The user greets me." });
    expect(typeof block?.signature).toBe("string");
    expect(text).toEqual({ type: "text", text: "Hello!" });

    const followUp = (assistant: unknown[]) =>
      invoke(
        "thinker",
        claudeBody(
          [
            { role: "user", content: "Hi" },
            { role: "assistant", content: assistant },
            { role: "user", content: "Again" },
          ],
          { thinking, max_tokens },
        ),
      );
    expect((await followUp([block, text])).json.content[1]).toEqual({ type: "text", text: "Hello!" });
    const error = await rejectionOf(followUp([{ ...block, thinking: "Something else." }, text]));
    expect((error as Error).name).toBe("ValidationException");
  });

  test("reports tokens and latency in Bedrock's response headers, cache counts when the turn has them", async () => {
    const plain = await local.client.send(
      new InvokeModelCommand({
        modelId: "plain",
        body: jsonBytes(claudeBody([{ role: "user", content: "Hello" }])),
      }),
    );
    const plainLog = local.server.requests.at(-1);
    expect(plain.$metadata.httpStatusCode).toBe(200);
    expect(plainLog?.status).toBe(200);

    const raw = await fetch(`${local.server.url}/model/cached/invoke`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(claudeBody([{ role: "user", content: "Hello" }])),
    });
    const body = (await raw.json()) as ClaudeMessage;
    expect(raw.headers.get("x-amzn-bedrock-input-token-count")).toBe("4");
    expect(raw.headers.get("x-amzn-bedrock-output-token-count")).toBe(String(body.usage.output_tokens ?? -1));
    expect(raw.headers.get("x-amzn-bedrock-cache-read-input-token-count")).toBe("100");
    expect(raw.headers.get("x-amzn-bedrock-cache-write-input-token-count")).toBe("0");
    expect(Number(raw.headers.get("x-amzn-bedrock-invocation-latency"))).toBeGreaterThanOrEqual(0);
    expect(body.usage).toEqual({
      input_tokens: 4,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 100,
      output_tokens: body.usage.output_tokens,
    });

    const uncached = await fetch(`${local.server.url}/model/plain/invoke`, {
      method: "POST",
      body: JSON.stringify(claudeBody([{ role: "user", content: "Hello" }])),
    });
    expect(uncached.headers.get("x-amzn-bedrock-cache-read-input-token-count")).toBeNull();
    expect(uncached.headers.get("x-amzn-bedrock-input-token-count")).not.toBeNull();
  });

  test("works over HTTP/1.1 as over HTTP/2", async () => {
    const http1 = http1Client(local.server);
    try {
      const output = await http1.send(
        new InvokeModelCommand({
          modelId: "anthropic.claude-3-haiku-20240307-v1:0",
          body: jsonBytes(claudeBody([{ role: "user", content: "Hello" }])),
        }),
      );
      expect(JSON.parse(new TextDecoder().decode(output.body)).content).toEqual([
        { type: "text", text: "Hi there." },
      ]);
      expect(local.server.requests.at(-1)?.httpVersion).toBe("1.1");
    } finally {
      http1.destroy();
    }
  });
});

test("CountTokens counts a Claude body as the Converse request it translates to", async () => {
  const count = async (input: ConstructorParameters<typeof CountTokensCommand>[0]["input"]) =>
    (await local.client.send(new CountTokensCommand({ modelId: "any", input }))).inputTokens;
  const claude = claudeBody([{ role: "user", content: "How many tokens is this sentence?" }], {
    system: "Be brief.",
  });
  const viaInvoke = await count({ invokeModel: { body: jsonBytes(claude) } });
  const viaConverse = await count({
    converse: {
      messages: [{ role: "user", content: [{ text: "How many tokens is this sentence?" }] }],
      system: [{ text: "Be brief." }],
    },
  });
  expect(viaInvoke).toBeGreaterThan(0);
  expect(viaInvoke).toBe(viaConverse);
});

describe("InvokeModel's validation of Claude bodies", () => {
  async function rejection(body: unknown, modelId = "anthropic.claude-3-haiku-20240307-v1:0") {
    const error = (await rejectionOf(invoke(modelId, body))) as Error & {
      $metadata: { httpStatusCode: number };
    };
    return { name: error.name, message: error.message, status: error.$metadata.httpStatusCode };
  }

  test("a body that is not JSON is a malformed input request", async () => {
    const error = (await rejectionOf(
      local.client.send(
        new InvokeModelCommand({ modelId: "any", body: new TextEncoder().encode("not json {") }),
      ),
    )) as Error;
    expect(error.name).toBe("ValidationException");
    expect(error.message).toBe("Malformed input request, please reformat your input and try again.");
    expect(await rejection([1, 2])).toEqual({
      name: "ValidationException",
      message:
        "Malformed input request: #: expected type: JSONObject, found: JSONArray, please reformat your input and try again.",
      status: 400,
    });
  });

  test("names the missing anthropic_version and max_tokens and the keys Claude does not take", async () => {
    expect((await rejection({ messages: [{ role: "user", content: "Hi" }], model: "claude" })).message).toBe(
      "Malformed input request: #: required key [anthropic_version] not found#: required key [max_tokens] not found#: extraneous key [model] is not permitted, please reformat your input and try again.",
    );
  });

  test("checks the parameters' types and max_tokens' minimum as the schema does", async () => {
    const messages = [{ role: "user", content: "Hi" }];
    expect(
      (await rejection(claudeBody(messages, { stop_sequences: "stop", temperature: "hot" }))).message,
    ).toBe(
      "Malformed input request: #/temperature: expected type: Number, found: String#/stop_sequences: expected type: JSONArray, found: String, please reformat your input and try again.",
    );
    expect((await rejection(claudeBody(messages, { max_tokens: 0 }))).message).toBe(
      "Malformed input request: #/max_tokens: 0 is not greater or equal to 1, please reformat your input and try again.",
    );
  });

  test("rejects conversations that do not start with the user or do not alternate", async () => {
    expect((await rejection(claudeBody([{ role: "assistant", content: "Hi" }]))).message).toBe(
      'messages: first message must use the "user" role',
    );
    expect(
      (
        await rejection(
          claudeBody([
            { role: "user", content: "Hi" },
            { role: "user", content: "Again" },
          ]),
        )
      ).message,
    ).toBe(
      'messages: roles must alternate between "user" and "assistant", but found multiple "user" roles in a row',
    );
    expect((await rejection(claudeBody([{ role: "system", content: "Hi" }]))).message).toBe(
      "messages.0.role: Input should be 'user' or 'assistant'",
    );
  });

  test("rejects a body in no format bedrock-local serves, naming the formats", async () => {
    const { message } = await rejection({ prompt: "Hi" }, "meta.llama3-8b-instruct-v1:0");
    expect(message).toContain("Anthropic Claude's Messages format");
  });
});
