import type { AnyTool } from "../contracts/tool.js";
import type { ToolEntry, ToolSource } from "../contracts/tool-source.js";

/** A tool source's warning: which source, and what. */
export interface ToolSourceWarning {
  source: string;
  message: string;
}

/** Whether an entry of `tools` is a source of tools rather than a tool. */
export function isToolSource(entry: ToolEntry): entry is ToolSource {
  return (entry as ToolSource).kind === "tool-source";
}

/**
 * The tools of one run, as they stand for its next model step: the agent's own tools, then what its
 * sources offer (asked again before each step), then the structured-output tool. A source's tool whose
 * name is taken is offered as `{source}_{name}` when that name is free and valid, else left out, either way
 * with a warning. Without sources nothing is asked and the lists never change.
 */
export class ToolBox {
  private offered: AnyTool[];
  private byName: ReadonlyMap<string, AnyTool>;
  /** The warnings reported so far, made at the first one. */
  private warned: Set<string> | undefined;

  constructor(
    /** The agent's own tools (not its sources'). */
    readonly fixed: readonly AnyTool[],
    private readonly sources: readonly ToolSource[],
    private readonly outputTool: AnyTool | undefined,
  ) {
    this.byName = toolsByName(fixed);
    this.offered = outputTool ? [...fixed, outputTool] : [...fixed];
  }

  /** Whether tools come from sources (MCP servers) too. */
  get hasSources(): boolean {
    return this.sources.length > 0;
  }

  /** What the model is offered at the next step (the structured-output tool included). */
  get tools(): readonly AnyTool[] {
    return this.offered;
  }

  /** A tool the model may call, by name (not the structured-output tool, which the loop answers itself). */
  get(name: string): AnyTool | undefined {
    return this.byName.get(name);
  }

  /** The names of the tools the model may call. */
  names(): string[] {
    return [...this.byName.keys()];
  }

  /** Asks every source for its tools now; resolves to the warnings not reported before. */
  async refresh(signal: AbortSignal): Promise<ToolSourceWarning[]> {
    if (this.sources.length === 0) return [];
    const snapshots = await Promise.all(this.sources.map((source) => source.tools({ signal })));
    const byName = new Map(this.fixed.map((tool) => [tool.name, tool]));
    const taken = new Set([...byName.keys(), ...(this.outputTool ? [this.outputTool.name] : [])]);
    const warnings: ToolSourceWarning[] = [];
    snapshots.forEach((snapshot, index) => {
      const source = this.sources[index] as ToolSource;
      warnings.push(...snapshot.warnings.map((message) => ({ source: source.name, message })));
      for (const tool of snapshot.tools) {
        const name = taken.has(tool.name) ? `${source.name}_${tool.name}` : tool.name;
        if (taken.has(name) || !/^[a-zA-Z0-9_-]{1,64}$/.test(name)) {
          warnings.push({
            source: source.name,
            message: `left out "${tool.name}": another tool has that name.`,
          });
          continue;
        }
        taken.add(name);
        if (name !== tool.name)
          warnings.push({
            source: source.name,
            message: `offered "${tool.name}" as "${name}": another tool has that name.`,
          });
        byName.set(name, name === tool.name ? tool : renamed(tool, name));
      }
    });
    this.byName = byName;
    this.offered = this.outputTool ? [...byName.values(), this.outputTool] : [...byName.values()];
    this.warned ??= new Set();
    const warned = this.warned;
    const fresh = warnings.filter((warning) => !warned.has(`${warning.source}\u0000${warning.message}`));
    for (const warning of fresh) warned.add(`${warning.source}\u0000${warning.message}`);
    return fresh;
  }
}

/** Each list of tools' lookup by name, made once: an agent's runs share their agent's list, and so its map. */
const lookups = new WeakMap<readonly AnyTool[], ReadonlyMap<string, AnyTool>>();
function toolsByName(tools: readonly AnyTool[]): ReadonlyMap<string, AnyTool> {
  let byName = lookups.get(tools);
  if (!byName) {
    byName = new Map(tools.map((tool) => [tool.name, tool]));
    lookups.set(tools, byName);
  }
  return byName;
}

/** `tool` under another name: the same tool otherwise (its methods called on it, so a class works too). */
function renamed(tool: AnyTool, name: string): AnyTool {
  return {
    name,
    description: tool.description,
    inputSchema: tool.inputSchema,
    ...(tool.strict !== undefined ? { strict: tool.strict } : {}),
    ...(tool.timeoutMs !== undefined ? { timeoutMs: tool.timeoutMs } : {}),
    ...(tool.guardrail !== undefined ? { guardrail: tool.guardrail } : {}),
    ...(tool.needsApproval !== undefined ? { needsApproval: tool.needsApproval } : {}),
    validate: (input) => tool.validate(input),
    run: (input, context) => tool.run(input, context),
  };
}
