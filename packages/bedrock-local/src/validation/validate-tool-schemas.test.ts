import type { ToolConfiguration } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import { question, serveOverHttp } from "./serve-over-http.test-support.js";
import { invalidToolSchema } from "./validate-tool-schemas.js";

const MODEL_ID = "us.anthropic.claude-sonnet-4-20250514-v1:0";

const { converse, rejectionOf } = serveOverHttp({
  modelId: MODEL_ID,
  script: { models: { "*": { loop: true, turns: [{ text: "It is sunny in Paris." }] } } },
});

/** A first tool that is fine, then `get_weather` with `schema`: the refusal must name the second tool. */
const toolsWith = (schema: Record<string, unknown>): ToolConfiguration =>
  ({
    tools: [
      { toolSpec: { name: "get_time", inputSchema: { json: { type: "object" } } } },
      { cachePoint: { type: "default" } },
      { toolSpec: { name: "get_weather", inputSchema: { json: schema } } },
    ],
  }) as ToolConfiguration;

describe("tool input schemas against JSON Schema draft 2020-12", () => {
  it.each([
    ["a property whose type is a number", { type: "object", properties: { city: { type: 5 } } }],
    ["a property whose type is -1", { type: "object", properties: { city: { type: -1 } } }],
    ["a property whose type is no JSON Schema type", { type: "object", properties: { city: { type: "x" } } }],
    ["a property whose type is an empty list", { type: "object", properties: { city: { type: [] } } }],
    ["a required that is not a list of names", { type: "object", required: "city" }],
    ["an items that is a list (draft 7's tuples)", { type: "object", properties: { at: { items: [{}] } } }],
  ])("refuses %s, naming the tool as Claude counts it", async (_name, schema) => {
    const error = await rejectionOf(() => converse({ messages: [question], toolConfig: toolsWith(schema) }));
    expect(error.message).toBe(invalidToolSchema(1));
    expect(error.message).toContain("tools.1.custom.input_schema: JSON schema is invalid");
  });

  it("accepts a valid schema, whatever draft its $schema names", async () => {
    const schema = {
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "object",
      properties: { city: { type: ["string", "null"], enum: ["Paris", null] }, days: { type: "integer" } },
      required: ["city"],
      additionalProperties: false,
    };
    const response = await converse({ messages: [question], toolConfig: toolsWith(schema) });
    expect(response.stopReason).toBe("end_turn");
  });
});
