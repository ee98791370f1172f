import type { AnyTool } from "../contracts/tool.js";
import type { ToolEntry, ToolSource } from "../contracts/tool-source.js";
import { isToolSource } from "../tools/tool-box.js";

/** The entries of an agent's (or a run's) `tools`: its own tools, and its sources of tools. */
export interface ToolSet {
  fixed: AnyTool[];
  sources: ToolSource[];
}

/** The tool set of `tools` (the agent's is made once, a run's own when it brings some). */
export function toolSet(tools: readonly ToolEntry[]): ToolSet {
  return {
    fixed: tools.filter((entry): entry is AnyTool => !isToolSource(entry)),
    sources: tools.filter(isToolSource),
  };
}
