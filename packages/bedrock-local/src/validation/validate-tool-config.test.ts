import { describe, expect, it } from "vitest";
import type { JsonObject } from "../models/model-turn.js";
import { rejectionMessage } from "./rejection-message.test-support.js";

const question = [{ role: "user", content: [{ text: "Weather in Paris?" }] }];
const objectSchema = { json: { type: "object", properties: { city: { type: "string" } } } };
const tool = (name: string, inputSchema: unknown = objectSchema) => ({ toolSpec: { name, inputSchema } });
const withTools = (toolConfig: JsonObject) => ({ messages: question, toolConfig });

describe("toolConfig presence", () => {
  it("rejects toolUse and toolResult blocks in a request without toolConfig", () => {
    const messages = [
      ...question,
      {
        role: "assistant",
        content: [{ toolUse: { toolUseId: "tooluse_a", name: "get_weather", input: {} } }],
      },
      { role: "user", content: [{ toolResult: { toolUseId: "tooluse_a", content: [{ text: "Sunny" }] } }] },
    ];
    expect(rejectionMessage({ messages })).toBe(
      "The toolConfig field must be defined when using toolUse and toolResult content blocks.",
    );
  });

  it("rejects a toolChoice given without tools", () => {
    expect(rejectionMessage(withTools({ toolChoice: { auto: {} } }))).toBe(
      "1 validation error detected: Value null at 'toolConfig.tools' failed to satisfy constraint: Member must not be null",
    );
  });

  it("rejects an empty tool list", () => {
    expect(rejectionMessage(withTools({ tools: [], toolChoice: { any: {} } }))).toBe(
      "1 validation error detected: Value at 'toolConfig.tools' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });
});

describe("tool names", () => {
  it("rejects a tool name outside [a-zA-Z0-9_-]+, counting tools from 1", () => {
    expect(rejectionMessage(withTools({ tools: [tool("get_weather"), tool("Complete Session")] }))).toBe(
      "1 validation error detected: Value 'Complete Session' at 'toolConfig.tools.2.member.toolSpec.name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+",
    );
  });

  it("reports an empty name and a name over 64 characters together", () => {
    const long = "a".repeat(65);
    expect(rejectionMessage(withTools({ tools: [tool(""), tool(long)] }))).toBe(
      "3 validation errors detected: " +
        "Value '' at 'toolConfig.tools.1.member.toolSpec.name' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+; " +
        "Value '' at 'toolConfig.tools.1.member.toolSpec.name' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        `Value '${long}' at 'toolConfig.tools.2.member.toolSpec.name' failed to satisfy constraint: Member must have length less than or equal to 64`,
    );
  });

  it("accepts a name of exactly 64 characters", () => {
    expect(rejectionMessage(withTools({ tools: [tool("b".repeat(64))] }))).toBeUndefined();
  });

  it("rejects two tools with the same name", () => {
    expect(rejectionMessage(withTools({ tools: [tool("get_weather"), tool("get_weather")] }))).toBe(
      "The model returned the following errors: tools: Tool names must be unique.",
    );
  });
});

describe("tool schemas", () => {
  it("rejects a schema whose top level is not an object", () => {
    const arraySchema = { json: { type: "array", items: { type: "string" } } };
    expect(
      rejectionMessage(withTools({ tools: [tool("get_weather"), tool("list_cities", arraySchema)] })),
    ).toBe(
      "The value at toolConfig.tools.1.toolSpec.inputSchema.json.type must be one of the following: object.",
    );
  });

  it("rejects an empty schema, what zod-to-json-schema makes of a zod 4 schema", () => {
    expect(rejectionMessage(withTools({ tools: [tool("get_weather", { json: {} })] }))).toBe(
      "The value at toolConfig.tools.0.toolSpec.inputSchema.json.type must be one of the following: object.",
    );
  });

  it("rejects a schema sent as a JSON string", () => {
    const stringSchema = { json: JSON.stringify(objectSchema.json) };
    expect(rejectionMessage(withTools({ tools: [tool("get_weather", stringSchema)] }))).toBe(
      "The format of the value at toolConfig.tools.0.toolSpec.inputSchema.json is invalid. Provide a json object for the field and try again.",
    );
  });

  it("rejects a tool without inputSchema", () => {
    expect(rejectionMessage(withTools({ tools: [{ toolSpec: { name: "get_weather" } }] }))).toBe(
      "1 validation error detected: Value null at 'toolConfig.tools.1.member.toolSpec.inputSchema' failed to satisfy constraint: Member must not be null",
    );
  });

  it("accepts object schemas beside a system tool and a cache point", () => {
    const tools = [
      tool("get_weather"),
      { systemTool: { name: "nova_code_interpreter" } },
      { cachePoint: { type: "default" } },
    ];
    expect(rejectionMessage(withTools({ tools, toolChoice: { any: {} } }))).toBeUndefined();
  });
});

describe("toolChoice", () => {
  it("rejects a toolChoice naming no defined tool", () => {
    expect(
      rejectionMessage(
        withTools({ tools: [tool("get_weather")], toolChoice: { tool: { name: "get_time" } } }),
      ),
    ).toBe("The model returned the following errors: Tool 'get_time' not found in provided tools");
  });

  it("accepts a toolChoice naming a defined tool, auto or any", () => {
    for (const toolChoice of [{ tool: { name: "get_weather" } }, { auto: {} }, { any: {} }]) {
      expect(rejectionMessage(withTools({ tools: [tool("get_weather")], toolChoice }))).toBeUndefined();
    }
  });
});
