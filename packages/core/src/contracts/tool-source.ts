import type { AnyTool } from "./tool.js";

/** What a tool source offers at one moment: its tools, and why it left others out. */
export interface ToolSourceSnapshot {
  tools: readonly AnyTool[];
  /** Tools the source could not offer (a schema Bedrock would refuse, say), each with why. */
  warnings: readonly string[];
}

/**
 * Tools that come from elsewhere and may change while an agent lives, such as an MCP server's. A run asks
 * every source before each model step, so a tool added meanwhile is offered from the next call and one
 * removed is answered as unknown if the model still calls it: answer from a cache unless something changed.
 * Put sources in an agent's `tools` beside plain tools; `agent.close()` closes them.
 */
export interface ToolSource {
  readonly kind: "tool-source";
  /** Names the source in warnings and errors (an MCP server's name). */
  readonly name: string;
  /**
   * The tools on offer now. Rejects with a `LodeError` when the source cannot be reached at all (a server
   * that does not start); once it has answered, a source that goes away later keeps its last tools and
   * says so in `warnings`, and their calls are answered with error results.
   */
  tools(options: { signal: AbortSignal }): Promise<ToolSourceSnapshot>;
  /** Releases what the source holds: a connection, a child process. */
  close(): Promise<void>;
}

/** An entry of an agent's `tools`: a tool, or a source of tools. */
export type ToolEntry = AnyTool | ToolSource;
