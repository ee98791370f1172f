import type { AnyTool } from "../../contracts/tool.js";
import { type TrustedStep, trustedStep } from "../compose-tool-middleware.js";
import { errorOutcome } from "../tool-outcome.js";

/** Where the pipeline looks tools up: the run's tools as they stand for its current step. */
export interface ToolLookup {
  get(name: string): AnyTool | undefined;
  names(): string[];
}

/**
 * Resolves the tool the model named; an unknown name (or one a tool source has since removed) is answered
 * with the names there are.
 */
export function findTool(tools: ToolLookup): TrustedStep {
  return trustedStep((call, next) => {
    const tool = tools.get(call.toolName);
    if (tool) return next(call.tool === tool ? call : { ...call, tool });
    const available = tools.names().join(", ") || "none";
    return Promise.resolve(
      errorOutcome(
        `Unknown tool "${call.toolName}": it is not (or no longer) available. Available tools: ${available}.`,
      ),
    );
  });
}
