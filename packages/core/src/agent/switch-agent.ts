import type { RunContext } from "../loop/run-context.js";
import type { StandardSchemaV1 } from "../schema/standard-schema.js";
import type { ResolvedHandoffTarget } from "./agent-defaults.js";
import type { RunOptions } from "./agent-options.js";
import { agentPart } from "./agent-part.js";

/**
 * Makes `target` the agent speaking in the run: its model, system prompt, tools and pipeline, guardrail,
 * context strategy and request settings replace the previous agent's; the run's own state (transcript,
 * tally, limits, approver, signal) carries on.
 */
export function switchAgent(
  ctx: RunContext,
  target: ResolvedHandoffTarget,
  run: RunOptions<StandardSchemaV1 | undefined>,
): void {
  const { input: _input, ...part } = agentPart(target.defaults, run, {
    entry: false,
    parentPath: ctx.parentPath,
    input: ctx.input,
    ctx: () => ctx,
  });
  Object.assign(ctx, part);
}
