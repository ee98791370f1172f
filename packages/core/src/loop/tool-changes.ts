import type { Tool as BedrockTool, ContentBlock, Message } from "@aws-sdk/client-bedrock-runtime";

/**
 * How a session tells Bedrock that its tools changed between runs (or between steps, when a source of
 * tools changed):
 * - `"tool-config"`: every request sends the tools it offers, and nothing else. A change rewrites the
 *   start of the prompt, so the prompt cache is lost from there.
 * - `"system-messages"`: the tool configuration keeps every tool the session declared, and the change is
 *   a `system`-role message of `toolAddition` / `toolRemoval` blocks before the model's turn. The prompt
 *   before it stays the same, and cached. For models that accept these blocks.
 */
export type ToolChangeMode = "tool-config" | "system-messages";

/** The tool configuration of one request, and the message that announces a change of tools, if any. */
export interface ToolDeclaration {
  /** Every declared tool, in a stable order: what `toolConfig.tools` holds (before system tools). */
  declared: BedrockTool[];
  /** The `system`-role message of additions and removals to send before the model's turn; undefined when none. */
  change: Message | undefined;
}

/**
 * Plans a request's tools in `"system-messages"` mode. The declared tools are the agent's own (`base`),
 * then any tool the history's tool messages name, then what the run offers besides: that order only grows,
 * so the tool configuration stays byte for byte the same while the agent's tools do. Which of them are
 * offered is the history's story: all declared at first, then each addition and removal in turn. Where
 * that differs from what the run offers, `change` says so. A declared tool the run no longer has is sent
 * with its last known specification (`known`), or as retired (`retire`) when this process never saw it.
 */
export function planToolDeclaration(options: {
  history: readonly Message[];
  offered: readonly BedrockTool[];
  base: readonly BedrockTool[];
  known: Map<string, BedrockTool>;
  retire: (name: string) => BedrockTool;
}): ToolDeclaration {
  const { history, offered, base, known } = options;
  for (const tool of [...base, ...offered]) known.set(toolName(tool), tool);
  const offeredNames = new Set(offered.map(toolName));
  const names = unique([...base.map(toolName), ...namesInToolMessages(history), ...offered.map(toolName)]);
  const available = availableAfter(history, names);
  const content: ContentBlock[] = [];
  for (const name of names) {
    if (offeredNames.has(name) && !available.has(name)) content.push({ toolAddition: { tool: { name } } });
    if (!offeredNames.has(name) && available.has(name)) content.push({ toolRemoval: { tool: { name } } });
  }
  return {
    declared: names.map((name) => known.get(name) ?? options.retire(name)),
    change: content.length > 0 ? { role: "system", content } : undefined,
  };
}

/** The tools Bedrock takes as offered at the end of `history`: all declared, then each change in turn. */
function availableAfter(history: readonly Message[], declared: string[]): Set<string> {
  const available = new Set(declared);
  for (const message of history) {
    if (message.role !== "system") continue;
    for (const block of message.content ?? []) {
      const added = block.toolAddition?.tool?.name;
      const removed = block.toolRemoval?.tool?.name;
      if (added) available.add(added);
      if (removed) available.delete(removed);
    }
  }
  return available;
}

function namesInToolMessages(history: readonly Message[]): string[] {
  return history.flatMap((message) =>
    message.role !== "system"
      ? []
      : (message.content ?? []).flatMap((block) => {
          const name = block.toolAddition?.tool?.name ?? block.toolRemoval?.tool?.name;
          return name ? [name] : [];
        }),
  );
}

function toolName(tool: BedrockTool): string {
  return tool.toolSpec?.name ?? tool.systemTool?.name ?? "";
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}
