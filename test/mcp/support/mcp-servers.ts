import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { createMcpHttpHandler } from "@lode/tools/mcp";
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";

/** The awkward MCP server as a script, started over stdio by `mcpTools({ server: STDIO_SERVER })`. */
export const STDIO_SERVER = {
  command: process.execPath,
  args: ["--import", "tsx", fileURLToPath(new URL("./awkward-server.ts", import.meta.url)), "alpha"],
};

/** A streamable-HTTP MCP endpoint on 127.0.0.1, a server from `makeServer` per client session. */
export async function serveMcpHttp(
  makeServer: () => Server,
): Promise<{ url: string; close(): Promise<void> }> {
  const handler = createMcpHttpHandler(makeServer);
  const http: HttpServer = createServer((request, response) => {
    void handler(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    close: async () => {
      await handler.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
