// A stdio MCP server with one tool, `environment`, that answers with the names of the variables it was
// started with: what a server Lode starts can see of the environment.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const server = new Server({ name: "environment", version: "1.0.0" }, { capabilities: { tools: {} } });
server.setRequestHandler(ListToolsRequestSchema, async () => ({
  tools: [
    {
      name: "environment",
      description: "Names its environment's variables.",
      inputSchema: { type: "object" },
    },
  ],
}));
server.setRequestHandler(CallToolRequestSchema, async () => ({
  content: [{ type: "text", text: JSON.stringify(Object.keys(process.env).sort()) }],
}));
await server.connect(new StdioServerTransport());
