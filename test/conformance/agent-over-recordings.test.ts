import type { ContentBlock } from "@aws-sdk/client-bedrock-runtime";
import { Agent, type AgentEvent } from "@lode/core";
import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { recordedResponseClient } from "../support/recorded-response-client.js";
import { findExchange } from "../support/recordings.js";
import { assemble } from "./support/assemble-recorded-stream.js";
import { meantStepFromEvents } from "./support/message-from-events.js";
import { blockStructures, structureOf } from "./support/message-structure.js";

describe("the full Agent over a recorded tool-use exchange", () => {
  const recording = "converse-stream.tool-use.parallel.nova-micro.json";
  const first = findExchange(recording, 0);
  const second = findExchange(recording, 1);
  const weather: Record<string, string> = {
    Seattle: "50 degrees and raining",
    "San Francisco": "70 degrees and sunny",
  };
  const getCurrentWeather = defineTool({
    name: "get_current_weather",
    description: "Get the current weather in a given location.",
    input: z.object({ location: z.string().describe("The name of the city") }),
    run: ({ location }) => ({ weather: weather[location] ?? "unknown" }),
  });

  test("answers every toolUse id of the recorded response and sends what the recorded client sent", async () => {
    const { client, sent } = recordedResponseClient([first.response, second.response]);
    const agent = new Agent({ modelId: first.modelId, client, tools: [getCurrentWeather] });
    const events: AgentEvent[] = [];
    const stream = agent.stream("What is the weather in Seattle and San Francisco today?");
    for await (const event of stream) events.push(event);
    const result = await stream.result;

    expect(result.steps.map((step) => step.stopReason)).toEqual(["tool_use", "end_turn"]);
    const [prompt, assistant, toolResults, answer] = result.messages;
    expect(result.messages).toHaveLength(4);
    expect(prompt?.role).toBe("user");
    const toolUseIds = (assistant?.content ?? []).flatMap((block) =>
      block.toolUse ? [block.toolUse.toolUseId] : [],
    );
    expect(toolUseIds).toEqual(["tooluse_JZ11QcxSQ3m3xacMQKVIKw", "tooluse_-hxBEEwGRc-VQqC2i7SFqg"]);
    expect(toolResults?.role).toBe("user");
    expect(toolResults?.content).toEqual(
      toolUseIds.map((toolUseId, index) => ({
        toolResult: {
          toolUseId,
          status: "success",
          content: [{ json: { weather: Object.values(weather)[index] } }],
        },
      })),
    );
    expect(answer?.role).toBe("assistant");
    const [meantAnswer] = meantStepFromEvents(second.response.events ?? []).message.content ?? [];
    expect(result.text).toBe(meantAnswer?.text);
    expect(answer?.content).toEqual([meantAnswer]);
    expect(events.filter((event) => event.type === "tool-result")).toHaveLength(2);

    // The requests match what the recorded client sent real Bedrock, tool spec and history alike.
    expect(sent).toHaveLength(2);
    expect(sent[0]?.body.toolConfig).toEqual(first.requestBody?.toolConfig);
    expect(sent[0]?.body.messages).toEqual(first.requestBody?.messages);
    expect(sent[1]?.body.messages).toEqual(withStatus(second.requestBody?.messages, "success"));
  });

  test("answers only the client tool use when Nova's code interpreter ran on the server", async () => {
    const exchange = findExchange("converse-stream.server-tool.code-interpreter.nova-2-lite.json");
    const { client } = recordedResponseClient([exchange.response]);
    const finalResult = defineTool({
      name: "final_result",
      description: "The final response which ends this conversation",
      input: z.object({ result: z.number() }),
      run: () => "Final result processed.",
    });
    const agent = new Agent({ modelId: exchange.modelId, client, tools: [finalResult], maxSteps: 1 });
    const result = await agent.run("What is 1234 * 5678?");

    const [, assistant, toolResults] = result.messages;
    expect(assistant).toEqual(meantStepFromEvents(exchange.response.events ?? []).message);
    expect(toolResults?.content).toEqual([
      {
        toolResult: {
          toolUseId: "tooluse_ptgCcZ0uQu-UUMz0abqoWw",
          status: "success",
          content: [{ text: "Final result processed." }],
        },
      },
    ]);
    expect(result.toolCalls.map((call) => [call.toolName, call.input])).toEqual([
      ["final_result", { result: 7006652 }],
    ]);
    // The recorded client's next request carried the same history: server blocks kept, one answer.
    const recordedNext = findExchange("converse.server-tool.code-interpreter.nova-2-lite.json", 1);
    const recordedMessages = recordedNext.requestBody?.messages as { content: unknown[] }[];
    expect(blockStructures(assistant?.content ?? [])).toEqual(
      blockStructures(withToolUseType(recordedMessages[1]?.content ?? [], "tool_use")),
    );
    expect(structureOf(toolResults?.content)).toEqual(structureOf(recordedMessages[2]?.content.slice(0, 1)));
  });

  /** The recorded history with `status` on each toolResult, which Lode always states and the recorder left out. */
  function withStatus(messages: unknown, status: string): unknown {
    return JSON.parse(JSON.stringify(messages), (key, value) =>
      key === "toolResult" ? { ...value, status } : value,
    );
  }
});

describe("the structured-output recording", () => {
  const exchange = findExchange("converse-stream.structured-output.claude-sonnet-4-5.json");

  test("assembles text that parses as JSON and follows the requested schema", async () => {
    const { outcome } = await assemble(exchange);
    const text = outcome.message.content?.map((block) => block.text ?? "").join("") ?? "";
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(parsed).toEqual({ city: "Paris", country: "France", population: 2161000 });

    const { outputConfig } = exchange.requestBody as {
      outputConfig: { textFormat: { structure: { jsonSchema: { schema: string } } } };
    };
    const format = outputConfig.textFormat.structure.jsonSchema;
    const schema = JSON.parse(format.schema) as {
      required: string[];
      properties: Record<string, { type: string }>;
    };
    expect(Object.keys(parsed).sort()).toEqual([...schema.required].sort());
    for (const [key, { type }] of Object.entries(schema.properties)) {
      expect(type === "integer" ? Number.isInteger(parsed[key]) : typeof parsed[key] === type).toBe(true);
    }
  });

  test("gives the Agent's native structured output its parsed value", async () => {
    const { client, sent } = recordedResponseClient([exchange.response]);
    const agent = new Agent({ modelId: exchange.modelId, client });
    const result = await agent.run(
      "What is the capital of France? Give me the city name, country, and population.",
      {
        output: z.object({ city: z.string(), country: z.string(), population: z.number().int() }),
      },
    );
    expect(result.output).toEqual({ city: "Paris", country: "France", population: 2161000 });
    expect(sent[0]?.body.outputConfig).toMatchObject({ textFormat: { type: "json_schema" } });
  });
});

/** Recorded blocks with the client tool use's `type` restored: the recording client left it out, Bedrock sent it. */
function withToolUseType(blocks: unknown[], type: string): ContentBlock[] {
  return blocks.map((block) => {
    const toolUse = (block as ContentBlock).toolUse;
    return toolUse && !toolUse.type ? { toolUse: { ...toolUse, type } } : block;
  }) as ContentBlock[];
}
