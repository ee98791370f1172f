import type { Message } from "@aws-sdk/client-bedrock-runtime";
import type { UnstampedEvent } from "../contracts/agent-event.js";
import type { RunWatcher } from "../contracts/instrumentation.js";
import { applyGuardContent } from "../guardrails/guard-content.js";
import { callModelWithRetry, type ModelCallResult } from "../model/call-model-with-retry.js";
import type { ModelStepProgress } from "../model/stream-model-step.js";
import { OUTPUT_TOOL_NAME } from "../structured-output/structured-output.js";
import { buildConverseRequest, retiredTool, toBedrockTool } from "./build-request.js";
import { prepareContext, retriesOverflow } from "./prepare-context.js";
import type { RunContext } from "./run-context.js";
import { speakerStep } from "./speaker-step.js";
import { planToolDeclaration, type ToolDeclaration } from "./tool-changes.js";
import type { Transcript } from "./transcript.js";

/**
 * One model call of the run: the request built from the transcript as the context strategy prepares it
 * (harder after each context overflow, a bounded number of times), sent with retries. Returns the
 * model call's generator itself, not a generator around it: every streamed event crosses one layer less.
 */
export function modelStep(
  ctx: RunContext,
  transcript: Transcript,
  options: {
    step: number;
    forceOutputTool: boolean;
    watch: { progress?: ModelStepProgress };
    /**
     * Set to the tool-change message the request carried (`toolChanges: "system-messages"`), for the loop
     * to keep with the model's answer; left unset when it carried none.
     */
    toolChange: { message?: Message };
  },
): AsyncGenerator<UnstampedEvent, ModelCallResult> {
  const history = transcript.history();
  // An agent that speaks from elsewhere (a remote agent) takes the step in place of a model.
  if (ctx.speaker) return speakerStep(ctx, ctx.speaker, history, options.step);
  const settings = ctx.output?.outputConfig
    ? { ...ctx.settings, outputConfig: { ...ctx.settings.outputConfig, ...ctx.output.outputConfig } }
    : ctx.settings;
  return callModelWithRetry({
    client: ctx.client,
    step: options.step,
    signal: ctx.signal,
    // A run driven to its end (`run()`) with no signal and no time limit cannot be aborted: its calls go out
    // without the signal.
    abortable: ctx.callerCanAbort || ctx.deliverDirectly === undefined,
    policy: ctx.retry,
    watch: options.watch,
    direct: () => ctx.deliverDirectly,
    unheard: () => ctx.deliverDirectly !== undefined && !ctx.heard(),
    watchCall:
      ctx.watcher && ((request) => (ctx.watcher as RunWatcher).modelCall({ step: options.step, request })),
    mayShrink: (overflows) => retriesOverflow(ctx, overflows),
    requestFor: async (overflows) => {
      const messages = applyGuardContent(await prepareContext(ctx, history, overflows), ctx.guardContent);
      // Worked out from the messages sent: what a context strategy trimmed away, Bedrock never saw.
      const declaration = declareTools(ctx, messages);
      options.toolChange.message = declaration?.change;
      return buildConverseRequest({
        modelId: ctx.modelId,
        system: ctx.system,
        tools: ctx.toolBox.tools,
        messages,
        settings,
        ...(declaration ? { declaration } : {}),
        ...(options.forceOutputTool ? { toolChoice: { tool: { name: OUTPUT_TOOL_NAME } } } : {}),
      });
    },
  });
}

/**
 * A request's tools when the run announces tool changes in messages (`toolChanges: "system-messages"`):
 * every tool the session declared, and the message that says what changed since the last word on it in
 * `history` (the messages the request sends). Undefined in `"tool-config"` mode, or for a run with no tools
 * and none in its history.
 */
function declareTools(ctx: RunContext, history: readonly Message[]): ToolDeclaration | undefined {
  if (ctx.toolChanges.mode !== "system-messages") return undefined;
  const offered = ctx.toolBox.tools.map(toBedrockTool);
  const mentions = history.some((message) => message.role === "system");
  if (offered.length === 0 && ctx.toolChanges.base.length === 0 && !mentions) return undefined;
  return planToolDeclaration({
    history,
    offered,
    base: ctx.toolChanges.base.map(toBedrockTool),
    known: ctx.toolChanges.known,
    retire: retiredTool,
  });
}
