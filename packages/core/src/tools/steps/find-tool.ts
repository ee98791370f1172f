import type { AnyTool } from "../../contracts/tool.js";
import { type TrustedStep, trustedStep } from "../compose-tool-middleware.js";
import { errorOutcome } from "../tool-outcome.js";

/** Resolves the tool the model named; an unknown name is answered with the names there are. */
export function findTool(tools: ReadonlyMap<string, AnyTool>): TrustedStep {
  return trustedStep((call, next) => {
    const tool = tools.get(call.toolName);
    if (tool) return next(call.tool === tool ? call : { ...call, tool });
    const available = [...tools.keys()].join(", ") || "none";
    return Promise.resolve(errorOutcome(`Unknown tool "${call.toolName}". Available tools: ${available}.`));
  });
}
