import type { ToolResultContentBlock } from "@aws-sdk/client-bedrock-runtime";
import type { AgentEvent } from "../contracts/agent-event.js";
import type { AnyTool, ValidationOutcome } from "../contracts/tool.js";

export interface AgentToolOptions {
  /** @default the agent's `name`, else "agent" */
  name?: string;
  /** @default the agent's `description` */
  description?: string;
}

/** What `agentAsTool` needs of an agent (an `Agent`, without importing it). */
export interface PromptableAgent {
  readonly options: { readonly name?: string; readonly description?: string };
  stream(
    input: string,
    options: { signal: AbortSignal },
  ): AsyncIterable<AgentEvent> & { readonly result: Promise<{ text: string }> };
}

/**
 * Wraps an agent as a tool: the calling model sends `{ prompt }`, this agent runs (with the caller's
 * abort signal) and its final text is the result. Its progress events surface as `tool-progress`.
 */
export function agentAsTool(agent: PromptableAgent, options: AgentToolOptions): AnyTool {
  const name = options.name ?? agent.options.name ?? "agent";
  return {
    name,
    description:
      options.description ??
      agent.options.description ??
      `Ask the ${name} agent. Send a complete, self-contained request.`,
    inputSchema: {
      type: "object",
      properties: { prompt: { type: "string", description: "What to ask the agent." } },
      required: ["prompt"],
    },
    validate(input): ValidationOutcome<{ prompt: string }> {
      const prompt = (input as { prompt?: unknown } | null)?.prompt;
      return typeof prompt === "string" && prompt.trim() !== ""
        ? { success: true, value: { prompt } }
        : { success: false, issues: [{ path: "prompt", message: "must be a non-empty string" }] };
    },
    async run(input: { prompt: string }, context): Promise<ToolResultContentBlock[]> {
      const stream = agent.stream(input.prompt, { signal: context.signal });
      for await (const event of stream) {
        if (event.type === "text-delta" || event.type === "tool-call") context.progress(event);
      }
      const result = await stream.result;
      return [{ text: result.text || "(the agent gave no text)" }];
    },
  };
}
