// An MCP server built with the SDK's own Server class, whose tools are as awkward as real ones get: no
// description, a schema that is not an object, a 70-character name, a name another server also uses, a
// schema broken beyond repair, an image result, an isError result, a slow tool with progress that sees its
// cancellation, one that adds a tool (tools/list_changed), one that kills the server mid-call.
// Run as a script it serves over stdio (argv[2] names it); `awkwardServer()` makes one for HTTP.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

export const LONG_NAME = "fetch_the_quarterly_revenue_report_for_every_region_of_the_company_now";
/** A 1x1 PNG. */
export const PIXEL =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

/** What a server saw, for tests that run it in their own process. */
export interface ServerLog {
  cancelled: string[];
  calls: string[];
}

export function awkwardServer(label: string, log: ServerLog = { cancelled: [], calls: [] }): Server {
  const server = new Server(
    { name: `awkward-${label}`, version: "1.0.0" },
    { capabilities: { tools: { listChanged: true } } },
  );
  let extraEnabled = false;
  const tools = () => [
    { name: "no_description", inputSchema: { type: "object", properties: {} } },
    { name: "scalar_input", description: "Echoes a string.", inputSchema: { type: "string", minLength: 1 } },
    { name: LONG_NAME, description: "A tool with a 70-character name.", inputSchema: { type: "object" } },
    {
      name: "lookup",
      description: `Looks a word up on server ${label}.`,
      inputSchema: {
        $schema: "http://json-schema.org/draft-07/schema#",
        type: "object",
        properties: { word: { type: "string" } },
        required: ["word"],
        anyOf: [{ required: ["word"] }],
      },
    },
    {
      name: "broken",
      description: "Its schema cannot be fixed.",
      inputSchema: { type: "object", properties: "nope" },
    },
    { name: "snapshot", description: "Takes a picture.", inputSchema: { type: "object" } },
    { name: "fails", description: "Always fails.", inputSchema: { type: "object" } },
    { name: "slow", description: "Takes its time, reporting progress.", inputSchema: { type: "object" } },
    { name: "enable_extra", description: "Adds the extra tool.", inputSchema: { type: "object" } },
    { name: "disable_extra", description: "Removes the extra tool.", inputSchema: { type: "object" } },
    { name: "crash", description: "Kills the server mid-call.", inputSchema: { type: "object" } },
    ...(extraEnabled
      ? [{ name: "extra", description: "Only there once enabled.", inputSchema: { type: "object" } }]
      : []),
  ];
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: tools() }) as never);
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const { name, arguments: args } = request.params;
    log.calls.push(name);
    const text = (value: string) => ({ content: [{ type: "text" as const, text: value }] });
    switch (name) {
      case "no_description":
        return text("described by its name");
      case "scalar_input":
        return text(`echo: ${JSON.stringify(args)}`);
      case LONG_NAME:
        return text("revenue: up");
      case "lookup":
        return {
          ...text(`${label}: ${String(args?.word)} means hello`),
          structuredContent: { server: label },
        };
      case "snapshot":
        return { content: [{ type: "image" as const, data: PIXEL, mimeType: "image/png" }] };
      case "fails":
        return { ...text("the database is down"), isError: true };
      case "slow": {
        const token = request.params._meta?.progressToken;
        for (let step = 1; step <= 50; step++) {
          if (extra.signal.aborted) {
            log.cancelled.push(name);
            return text("cancelled");
          }
          if (token !== undefined)
            await extra.sendNotification({
              method: "notifications/progress",
              params: { progressToken: token, progress: step, total: 50 },
            });
          await new Promise((resolve) => setTimeout(resolve, 40));
        }
        return text("slow and done");
      }
      case "enable_extra":
        extraEnabled = true;
        await server.sendToolListChanged();
        return text("extra enabled");
      case "disable_extra":
        extraEnabled = false;
        await server.sendToolListChanged();
        return text("extra removed");
      case "extra":
        return extraEnabled ? text("extra ran") : { ...text("extra is gone"), isError: true };
      case "crash":
        setTimeout(() => process.exit(3), 10);
        return new Promise(() => {});
      default:
        return { ...text(`unknown tool ${name}`), isError: true };
    }
  });
  return server;
}

if (process.argv[1]?.endsWith("awkward-server.ts")) {
  await awkwardServer(process.argv[2] ?? "stdio").connect(new StdioServerTransport());
}
