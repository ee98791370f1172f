// Lode tools served over stdio with createMcpServer: what an MCP client such as Claude Desktop starts.
import { createMcpServer, serveMcpOverStdio } from "@lode/tools/mcp";
import { weatherTools } from "./weather-tools.js";

await serveMcpOverStdio(createMcpServer({ name: "lode-weather", tools: weatherTools() }));
