import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { Agent, type RunInstrumentation, type Tool, type ToolCallAnswer } from "@lode/core";
import type { RecordedTool, ReplayPlan } from "./replay-plan.js";

/**
 * A tool as the recorded run offered it (same name, description and schema, so the request is the same),
 * answering each call with the recorded result, in order. A call the run did not make is answered with an
 * error and noted in `unexpected`: the next request then differs, and strict replay says where.
 */
export function recordedTool(tool: RecordedTool, unexpected: string[]): Tool {
  const answers: ToolCallAnswer[] = [...tool.answers];
  return {
    name: tool.name,
    description: tool.description,
    inputSchema: tool.inputSchema,
    ...(tool.strict !== undefined ? { strict: tool.strict } : {}),
    validate: (input) => ({ success: true, value: input }),
    run: async (input) => {
      const answer = answers.shift();
      if (answer) return answer;
      unexpected.push(`${tool.name}(${JSON.stringify(input)})`);
      throw new Error(`${tool.name} was called once more than in the recorded run.`);
    },
  };
}

/** The recorded run's agent, live: its settings and recorded tools, talking to `client`. */
export function rebuildAgent(
  plan: ReplayPlan,
  options: { client: BedrockRuntimeClient; instrumentation?: RunInstrumentation; unexpected?: string[] },
): Agent {
  const unexpected = options.unexpected ?? [];
  return new Agent({
    ...plan.options,
    client: options.client,
    tools: plan.tools.map((tool) => recordedTool(tool, unexpected)),
    ...(options.instrumentation ? { instrumentation: options.instrumentation } : {}),
  });
}
