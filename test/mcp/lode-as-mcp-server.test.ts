import { fileURLToPath } from "node:url";
import { createMcpServer } from "@lode/tools/mcp";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterEach, describe, expect, test } from "vitest";
import { scriptedAgentPerTest, scriptOf } from "../support/scripted-agent.js";
import { serveMcpHttp } from "./support/mcp-servers.js";
import { weatherTools } from "./support/weather-tools.js";

const startAgent = scriptedAgentPerTest();
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

/** The SDK's own MCP client, connected to `transport`. */
async function sdkClient(transport: StdioClientTransport | StreamableHTTPClientTransport): Promise<Client> {
  const client = new Client({ name: "test-client", version: "1.0.0" });
  await client.connect(transport);
  open.push(client);
  return client;
}

describe("Lode tools as an MCP server", () => {
  test("lists and calls its tools for the SDK's client over stdio", async () => {
    const script = fileURLToPath(new URL("./support/lode-tools-server.ts", import.meta.url));
    const client = await sdkClient(
      new StdioClientTransport({
        command: process.execPath,
        args: ["--import", "tsx", script],
        stderr: "pipe",
      }),
    );

    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(["get_weather", "forecast", "radar"]);
    expect(tools[0]?.inputSchema).toMatchObject({
      type: "object",
      properties: { city: { type: "string" } },
      required: ["city"],
    });

    const weather = await client.callTool({ name: "get_weather", arguments: { city: "Oslo" } });
    expect(weather).toMatchObject({ isError: false, structuredContent: { city: "Oslo", sky: "snow" } });
    const radar = await client.callTool({ name: "radar", arguments: {} });
    expect(radar.content).toEqual([{ type: "image", data: expect.any(String), mimeType: "image/png" }]);
    const invalid = await client.callTool({ name: "get_weather", arguments: { town: "Oslo" } });
    expect(invalid).toMatchObject({
      isError: true,
      content: [{ type: "text", text: expect.stringContaining("city") }],
    });
  }, 20_000);

  test("serves an agent as a tool over streamable HTTP, with progress", async () => {
    const harness = await startAgent(scriptOf({ text: "Oslo: snow all week." }));
    const tools = [
      ...weatherTools(),
      harness.agent.asTool({ name: "forecaster", description: "Ask the forecaster." }),
    ];
    const server = await serveMcpHttp(() => createMcpServer({ name: "lode-weather", tools }));
    open.push(server);
    const client = await sdkClient(new StreamableHTTPClientTransport(new URL(server.url)));

    const progress: unknown[] = [];
    const forecast = await client.callTool({ name: "forecast", arguments: { city: "Lisbon" } }, undefined, {
      onprogress: (update) => progress.push(update.message),
    });
    expect(forecast.content).toEqual([{ type: "text", text: "Lisbon: sun, sun, rain" }]);
    expect(progress).toEqual(["day 1", "day 2", "day 3"]);

    const answer = await client.callTool({
      name: "forecaster",
      arguments: { prompt: "Weather in Oslo this week?" },
    });
    expect(answer).toMatchObject({
      isError: false,
      content: [{ type: "text", text: "Oslo: snow all week." }],
    });
    expect(harness.server.requests.map((entry) => entry.status)).toEqual([200]);
  });
});
