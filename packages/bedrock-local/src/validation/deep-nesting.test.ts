import type { ToolUseBlock } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import { answered, question, serveOverHttp, toolConfig } from "./serve-over-http.test-support.js";

const MODEL = "anthropic.claude-3-haiku-20240307-v1:0";

/** `{"a":{"a":…{"a":"deep"}…}}`, `depth` objects deep, built without recursion. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { a: "deep" };
  for (let level = 1; level < depth; level++) value = { a: value };
  return value;
}

describe("deeply nested input", () => {
  const http = serveOverHttp({
    modelId: MODEL,
    script: { models: { "*": { loop: true, turns: [{ text: "Still here." }] } } },
  });

  /** A Converse whose tool input nests `depth` objects deep, sent as text (the SDK cannot serialize it). */
  function postConverse(depth: number): Promise<Response> {
    const input = `${'{"a":'.repeat(depth)}"deep"${"}".repeat(depth)}`;
    const body = `{"messages":[{"role":"user","content":[{"text":"Weather?"}]},{"role":"assistant","content":[{"toolUse":{"toolUseId":"t1","name":"get_weather","input":${input}}}]},{"role":"user","content":[{"toolResult":{"toolUseId":"t1","content":[{"text":"Sunny"}]}}]}],"toolConfig":${JSON.stringify(toolConfig)}}`;
    return fetch(`${http.url()}/model/${encodeURIComponent(MODEL)}/converse`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
  }

  it("is counted and answered through the SDK, not a 500: a tool input 2,000 objects deep", async () => {
    const response = await http.converse({
      toolConfig,
      messages: [
        question,
        {
          role: "assistant",
          content: [
            {
              toolUse: {
                toolUseId: "t1",
                name: "get_weather",
                input: nested(2_000) as ToolUseBlock["input"],
              },
            },
          ],
        },
        answered("t1"),
      ],
    });
    expect(response.output?.message?.content).toEqual([{ text: "Still here." }]);
    expect(response.usage?.inputTokens).toBeGreaterThan(0);
  });

  it("is answered at the very limit: a body 2,500 levels deep", async () => {
    const response = await postConverse(2_500 - 6); // the messages, their content and the toolUse wrap the input
    expect(response.status).toBe(200);
  });

  it("is a SerializationException past 2,500 levels, not a 500: 100,000 deep, over plain HTTP", async () => {
    const response = await postConverse(100_000);
    expect(response.status).toBe(400);
    expect(response.headers.get("x-amzn-errortype")).toMatch(/^SerializationException/);
    expect(((await response.json()) as { message: string }).message).toBe(
      "The request body nests deeper than 2500 levels of arrays and objects.",
    );
    // The server goes on serving.
    expect((await http.converse({ messages: [question] })).output?.message?.content).toEqual([
      { text: "Still here." },
    ]);
  });
});
