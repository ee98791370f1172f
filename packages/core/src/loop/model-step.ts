import type { UnstampedEvent } from "../contracts/agent-event.js";
import type { RunWatcher } from "../contracts/instrumentation.js";
import { applyGuardContent } from "../guardrails/guard-content.js";
import { callModelWithRetry, type ModelCallResult } from "../model/call-model-with-retry.js";
import type { ModelStepProgress } from "../model/stream-model-step.js";
import { OUTPUT_TOOL_NAME } from "../structured-output/structured-output.js";
import { buildConverseRequest } from "./build-request.js";
import { prepareContext, retriesOverflow } from "./prepare-context.js";
import type { RunContext } from "./run-context.js";
import type { Transcript } from "./transcript.js";

/**
 * One model call of the run: the request built from the transcript as the context strategy prepares it
 * (harder after each context overflow, a bounded number of times), sent with retries. Returns the
 * model call's generator itself, not a generator around it: every streamed event crosses one layer less.
 */
export function modelStep(
  ctx: RunContext,
  transcript: Transcript,
  options: { step: number; forceOutputTool: boolean; watch: { progress?: ModelStepProgress } },
): AsyncGenerator<UnstampedEvent, ModelCallResult> {
  const history = transcript.history();
  const settings = ctx.output?.outputConfig
    ? { ...ctx.settings, outputConfig: { ...ctx.settings.outputConfig, ...ctx.output.outputConfig } }
    : ctx.settings;
  return callModelWithRetry({
    client: ctx.client,
    step: options.step,
    signal: ctx.signal,
    policy: ctx.retry,
    watch: options.watch,
    watchCall:
      ctx.watcher && ((request) => (ctx.watcher as RunWatcher).modelCall({ step: options.step, request })),
    mayShrink: (overflows) => retriesOverflow(ctx, overflows),
    requestFor: async (overflows) =>
      buildConverseRequest({
        modelId: ctx.modelId,
        system: ctx.system,
        tools: ctx.toolBox.tools,
        messages: applyGuardContent(await prepareContext(ctx, history, overflows), ctx.guardContent),
        settings,
        ...(options.forceOutputTool ? { toolChoice: { tool: { name: OUTPUT_TOOL_NAME } } } : {}),
      }),
  });
}
