import type { Tool } from "@lode/core";
import { defineTool } from "@lode/tools";
import { mcpTools } from "@lode/tools/mcp";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, test } from "vitest";
import { z } from "zod";
import {
  collectEvents,
  eventsOfType,
  lodeErrorOf,
  type RequestBody,
  requestBody,
  resultText,
  scriptedAgentPerTest,
  scriptOf,
  toolResultsSent,
} from "../support/scripted-agent.js";
import { serveMcpHttp } from "./support/mcp-servers.js";

const startAgent = scriptedAgentPerTest();
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

/** An MCP server whose tools' schemas are invalid JSON Schema in ways MCP servers really write them. */
function invalidSchemaServer(): Server {
  const server = new Server({ name: "invalid-schemas", version: "1.0.0" }, { capabilities: { tools: {} } });
  const tools = [
    {
      name: "typed",
      description: "Its property's type is a number.",
      inputSchema: { type: "object", properties: { x: { type: 5 }, y: { type: "string" } } },
    },
    {
      name: "tuple",
      description: "Draft 7's tuple.",
      inputSchema: {
        $schema: "http://json-schema.org/draft-07/schema#",
        type: "object",
        properties: { at: { type: "array", items: [{ type: "number" }, { type: "number" }] } },
      },
    },
    { name: "get.time", description: "A dot in its name.", inputSchema: { type: "object" } },
    { name: "clash", description: "Its name is the agent's own tool's.", inputSchema: { type: "object" } },
  ];
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools }) as never);
  server.setRequestHandler(CallToolRequestSchema, async (request) => ({
    content: [{ type: "text", text: `${request.params.name}: ${JSON.stringify(request.params.arguments)}` }],
  }));
  return server;
}

const specOf = (body: RequestBody, name: string) =>
  body.toolConfig.tools.find((tool: { toolSpec: { name: string } }) => tool.toolSpec.name === name)?.toolSpec;

describe("tool schemas made valid JSON Schema draft 2020-12", () => {
  test("repairs an MCP tool's invalid schema, offers it, and announces every repair and rename", async () => {
    const mcp = await serveMcpHttp(invalidSchemaServer);
    open.push(mcp);
    const own = defineTool({
      name: "clash",
      description: "The agent's own.",
      input: z.object({}),
      run: () => "",
    });
    const harness = await startAgent(
      scriptOf(
        {
          content: [
            { toolUse: { name: "typed", input: { x: 1, y: "b" }, id: "t1" } },
            { toolUse: { name: "tuple", input: { at: [1, 2] }, id: "t2" } },
          ],
        },
        { text: "Done." },
      ),
      { tools: [own, mcpTools({ name: "schemas", server: { url: mcp.url } })] },
    );
    try {
      const stream = harness.agent.stream("Go.");
      const events = await collectEvents(stream);
      expect((await stream.result).text).toBe("Done.");

      // bedrock-local holds tool schemas to draft 2020-12, as Bedrock's models do: both requests passed.
      expect(harness.server.requests.map((entry) => entry.status)).toEqual([200, 200]);
      const first = requestBody(harness.server, 0);
      expect(specOf(first, "typed").inputSchema.json).toEqual({
        type: "object",
        properties: { x: {}, y: { type: "string" } },
      });
      expect(specOf(first, "tuple").inputSchema.json.properties.at).toEqual({
        type: "array",
        prefixItems: [{ type: "number" }, { type: "number" }],
      });
      expect(resultText(toolResultsSent(harness.server, 1)[0]!)).toBe('typed: {"x":1,"y":"b"}');

      const warnings = eventsOfType(events, "warning").map((event) => [event.source, event.message]);
      expect(warnings).toEqual(
        expect.arrayContaining([
          ["schemas", expect.stringMatching(/"typed".*properties\.x\.type: 5 is not valid JSON Schema/)],
          ["schemas", expect.stringMatching(/"tuple".*prefixItems/)],
          ["schemas", expect.stringMatching(/offered "get\.time" as "get_time"/)],
          ["schemas", expect.stringMatching(/offered "clash" as "schemas_clash"/)],
        ]),
      );
    } finally {
      await harness.agent.close();
    }
  }, 30_000);

  test("refuses a raw Tool whose schema is not valid draft 2020-12 when the agent is made, sending nothing", async () => {
    const raw: Tool = {
      name: "raw_typed",
      description: "A tool written by hand.",
      inputSchema: { type: "object", properties: { x: { type: 5 } } },
      validate: (input) => ({ success: true, value: input }),
      run: async () => [{ text: "ran" }],
    };
    const harness = await startAgent(scriptOf({ text: "Never sent." }));
    // Made inside the promise: whether the agent refuses the tool when made or the run fails, both are seen.
    const error = await lodeErrorOf((async () => harness.createAgent({ tools: [raw] }).run("Go."))());

    expect(error.code).toBe("invalid-config");
    expect(error.message).toMatch(/Tool "raw_typed".*draft 2020-12.*properties\.x\.type is 5/);
    expect(harness.server.requests).toHaveLength(0);
  });

  test("offers a zod tuple as draft 2020-12's prefixItems, which Bedrock accepts", async () => {
    const route = defineTool({
      name: "route",
      description: "Plans a route between two points.",
      input: z.object({ from: z.tuple([z.number(), z.number()]), to: z.tuple([z.number(), z.number()]) }),
      run: ({ from, to }) => `${from.join(",")} to ${to.join(",")}`,
    });
    const harness = await startAgent(
      scriptOf(
        { content: [{ toolUse: { name: "route", input: { from: [1, 2], to: [3, 4] }, id: "r1" } }] },
        { text: "Routed." },
      ),
      { tools: [route] },
    );
    try {
      expect((await harness.agent.run("Route.")).text).toBe("Routed.");
      expect(harness.server.requests.map((entry) => entry.status)).toEqual([200, 200]);
      expect(specOf(requestBody(harness.server, 0), "route").inputSchema.json.properties.from).toMatchObject({
        prefixItems: [{ type: "number" }, { type: "number" }],
        items: false,
      });
    } finally {
      await harness.agent.close();
    }
  }, 30_000);
});
