// A small but real MCP server, built with the MCP SDK's McpServer: notes kept in memory, served over stdio.
// The example's agent starts it as a child process; any MCP client could (`node --import tsx notes-server.ts`).
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const notes: { title: string; text: string }[] = [
  { title: "Packing list", text: "Passport, charger, a light jacket for Lisbon evenings." },
];

const server = new McpServer({ name: "notes", version: "1.0.0" });
server.registerTool(
  "add_note",
  { description: "Saves a note under a title.", inputSchema: { title: z.string(), text: z.string() } },
  async ({ title, text }) => {
    notes.push({ title, text });
    return { content: [{ type: "text", text: `Saved "${title}". There are ${notes.length} notes.` }] };
  },
);
server.registerTool(
  "search_notes",
  { description: "Finds the notes whose title or text holds the query.", inputSchema: { query: z.string() } },
  async ({ query }) => {
    const found = notes.filter((note) =>
      `${note.title} ${note.text}`.toLowerCase().includes(query.toLowerCase()),
    );
    return {
      content: [
        {
          type: "text",
          text: found.map((note) => `${note.title}: ${note.text}`).join("\n") || "No note matches.",
        },
      ],
      structuredContent: { count: found.length },
    };
  },
);
await server.connect(new StdioServerTransport());
