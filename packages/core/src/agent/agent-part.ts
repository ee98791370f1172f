import type { Message } from "@aws-sdk/client-bedrock-runtime";
import type { AgentPath } from "../contracts/agent-event.js";
import { LodeError } from "../errors/lode-error.js";
import { planGuardContent } from "../guardrails/guard-content.js";
import { resolveGuardrail, toGuardrailConfig } from "../guardrails/resolve-guardrail.js";
import type { RunContext } from "../loop/run-context.js";
import { DEFAULT_RETRY_POLICY } from "../model/retry-policy.js";
import type { StandardSchemaV1 } from "../schema/standard-schema.js";
import { OUTPUT_TOOL_NAME, planStructuredOutput } from "../structured-output/structured-output.js";
import { ToolBox } from "../tools/tool-box.js";
import type { AgentDefaults } from "./agent-defaults.js";
import type { RunOptions } from "./agent-options.js";
import { mergeRequestSettings } from "./merge-request-settings.js";
import { lazyToolPipeline } from "./tool-pipeline.js";
import { toolSet } from "./tool-set.js";

/** What a run takes from the agent speaking: a handoff replaces all of it, and nothing else. */
export type AgentPart = Pick<
  RunContext,
  | "agentName"
  | "agentDescription"
  | "agentPath"
  | "handoffTargets"
  | "client"
  | "modelId"
  | "speaker"
  | "system"
  | "toolBox"
  | "toolChanges"
  | "answerToolCall"
  | "settings"
  | "guardrail"
  | "guardContent"
  | "context"
  | "output"
  | "price"
  | "retry"
  | "maxOutputRetries"
>;

/**
 * The part of a run that is one agent's: its model, system prompt, tools and their pipeline, guardrail,
 * context strategy, request settings, and the run's structured output planned for its model. The run's
 * entry agent takes the run's own overrides of these (`run`'s `system`, `tools`, guardrails, `context`,
 * request settings); an agent the conversation was handed to speaks as it was configured. The run-wide
 * options (approver, tool middleware, timeouts, the output schema) hold for every agent.
 */
export function agentPart(
  agent: AgentDefaults,
  run: RunOptions<StandardSchemaV1 | undefined>,
  options: { entry: boolean; parentPath: AgentPath; input: Message[]; ctx: () => RunContext },
): AgentPart & { input: Message[] } {
  const own = options.entry ? run : {};
  const defaults = agent.options;
  const guardrail =
    own.guardrail === false ? undefined : own.guardrail ? resolveGuardrail(own.guardrail) : agent.guardrail;
  const guardContent = guardrail ? planGuardContent(options.input, guardrail.guard) : undefined;
  const settings = mergeRequestSettings(defaults, own);
  if (guardrail) settings.guardrailConfig = toGuardrailConfig(guardrail);
  const output = run.output
    ? planStructuredOutput(run.output, defaults.structuredOutput ?? "auto", defaults.modelId)
    : undefined;
  const { fixed: ownTools, sources } = own.tools ? toolSet(own.tools) : agent.tools;
  const handoffs = agent.handoffs();
  const tools = handoffs.tools.length > 0 ? [...ownTools, ...handoffs.tools] : ownTools;
  const toolBox = new ToolBox(tools, sources, output?.tool);
  if (output?.tool && tools.some((tool) => tool.name === OUTPUT_TOOL_NAME))
    throw new LodeError(
      "invalid-config",
      `A tool is named "${OUTPUT_TOOL_NAME}", the name of the tool that carries structured output in tool mode: rename it.`,
    );
  return {
    agentName: defaults.name,
    agentDescription: defaults.description,
    agentPath: [...options.parentPath, defaults.name ?? "agent"],
    handoffTargets: handoffs.targets,
    client: agent.client,
    modelId: defaults.modelId,
    speaker: defaults.speaker,
    system: own.system ?? defaults.system,
    toolBox,
    toolChanges: {
      mode: defaults.toolChanges ?? "tool-config",
      base: agent.tools.fixed,
      known: agent.knownTools,
    },
    answerToolCall: lazyToolPipeline(
      agent,
      run as RunOptions<never>,
      toolBox,
      options.ctx,
      own.toolGuardrail,
    ),
    settings,
    input: guardContent?.messages ?? options.input,
    guardrail,
    guardContent: guardContent?.plan,
    context: own.context ?? defaults.context,
    output,
    price:
      defaults.prices && Object.hasOwn(defaults.prices, defaults.modelId)
        ? defaults.prices[defaults.modelId]
        : undefined,
    retry: { ...DEFAULT_RETRY_POLICY, ...defaults.retry },
    maxOutputRetries: defaults.maxOutputRetries ?? 2,
  };
}
