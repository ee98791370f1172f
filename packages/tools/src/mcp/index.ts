/**
 * MCP for Lode agents (`import … from "@lode/tools/mcp"`): any Model Context Protocol server's tools as a
 * tool source (`mcpTools`), and Lode tools served as an MCP server (`createMcpServer`). Its own entry point,
 * so an agent without MCP never loads the MCP SDK.
 * @module
 */
export type { McpTransportOptions } from "./connect-mcp.js";
export { toToolResult } from "./mcp-call-result.js";
export { type McpToolsOptions, mcpTools } from "./mcp-tools.js";
export { type NormalizedMcpTool, normalizeMcpTools } from "./normalize-mcp-tools.js";
export {
  createMcpHttpHandler,
  createMcpServer,
  type McpHttpHandler,
  type McpServerOptions,
  serveMcpOverStdio,
} from "./serve-mcp.js";
