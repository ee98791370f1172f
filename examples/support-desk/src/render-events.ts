import type { ToolResultContentBlock } from "@aws-sdk/client-bedrock-runtime";
import type { AgentEvent, AgentUsage } from "@lode/core";

/** ANSI styles, or none when the output is not a colour terminal (or NO_COLOR is set). */
export function terminalStyles(enabled: boolean) {
  const wrap = (code: string) => (text: string) => (enabled ? `\x1b[${code}m${text}\x1b[0m` : text);
  return {
    dim: wrap("2"),
    bold: wrap("1"),
    cyan: wrap("36"),
    green: wrap("32"),
    red: wrap("31"),
    yellow: wrap("33"),
  };
}

export type Styles = ReturnType<typeof terminalStyles>;

/** `[billing]`, `[tech → docs]`: who is speaking. */
export function speaker(agentPath: readonly string[]): string {
  return `[${agentPath.join(" → ")}]`;
}

/**
 * Renders a run's events, each line under the agent it came from: text as it streams, tool calls and
 * results, approvals, guardrail masks and handoffs. Transfer calls show as their `handoff` line only.
 */
export function createEventRenderer(write: (text: string) => void, styles: Styles) {
  let openText: string | undefined;
  const endLine = () => {
    if (openText !== undefined) write("\n");
    openText = undefined;
  };
  const line = (agentPath: readonly string[], text: string) => {
    endLine();
    write(`${styles.bold(speaker(agentPath))} ${text}\n`);
  };
  return (event: AgentEvent): void => {
    switch (event.type) {
      case "text-delta": {
        // Text blocks of one agent follow each other; a sub-agent's may come in between.
        const key = `${event.agentPath.join("/")}#${event.id}`;
        if (openText !== key) {
          endLine();
          write(`${styles.bold(speaker(event.agentPath))} `);
          openText = key;
        }
        write(event.text);
        break;
      }
      case "tool-call":
        if (!event.toolName.startsWith("transfer_to_"))
          line(event.agentPath, `${styles.cyan("→")} ${event.toolName} ${JSON.stringify(event.input)}`);
        break;
      case "tool-result":
        if (!event.toolName.startsWith("transfer_to_")) {
          const mark = event.status === "success" ? styles.green("←") : styles.red("✗");
          line(event.agentPath, `${mark} ${event.toolName} ${summarize(event.content)}`);
        }
        break;
      case "approval-requested":
        line(
          event.agentPath,
          styles.yellow(`⏸ ${event.toolName} ${JSON.stringify(event.input)} waits for a person's approval`),
        );
        break;
      case "approval-decided":
        line(
          event.agentPath,
          event.approved
            ? styles.green(`✓ ${event.toolName} approved`)
            : styles.red(`✗ ${event.toolName} denied${event.reason ? `: ${event.reason}` : ""}`),
        );
        break;
      case "guardrail": {
        const { intervention } = event;
        const found = intervention.findings.flatMap((finding) =>
          "type" in finding ? [String(finding.type)] : [],
        );
        line(
          event.agentPath,
          styles.yellow(
            `guardrail ${intervention.action} the ${intervention.side}${found.length > 0 ? `: ${found.join(", ")}` : ""}`,
          ),
        );
        break;
      }
      case "handoff":
        endLine();
        write(
          styles.cyan(`→ handoff ${event.from} → ${event.to}${event.reason ? ` (${event.reason})` : ""}\n`),
        );
        break;
      case "run-end":
      case "run-error":
        endLine();
        break;
      default:
        break;
    }
  };
}

/** Sums the `usageByAgent` of several runs (a conversation) by agent path, in the order agents first spent. */
export function addUsageByAgent(runs: readonly (readonly AgentUsage[])[]): AgentUsage[] {
  const byPath = new Map<string, AgentUsage>();
  for (const entry of runs.flat()) {
    const key = entry.agentPath.join("/");
    const seen = byPath.get(key);
    if (!seen) {
      byPath.set(key, { ...entry, usage: { ...entry.usage } });
      continue;
    }
    seen.modelCalls += entry.modelCalls;
    seen.usage.inputTokens += entry.usage.inputTokens;
    seen.usage.outputTokens += entry.usage.outputTokens;
    seen.usage.totalTokens += entry.usage.totalTokens;
    seen.usage.cacheReadInputTokens += entry.usage.cacheReadInputTokens;
    seen.usage.cacheWriteInputTokens += entry.usage.cacheWriteInputTokens;
    seen.usage.latencyMs += entry.usage.latencyMs;
  }
  return [...byPath.values()];
}

/** The per-agent usage table: model calls and tokens per agent path. */
export function usageTable(rows: readonly AgentUsage[], styles: Styles): string {
  const header = ["agent", "model calls", "input tokens", "output tokens"];
  const cells = rows.map((row) => [
    row.agentPath.join(" → "),
    String(row.modelCalls),
    String(row.usage.inputTokens),
    String(row.usage.outputTokens),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((cell) => (cell[column] ?? "").length)),
  );
  const format = (cell: string[]) =>
    cell
      .map((text, column) =>
        column === 0 ? text.padEnd(widths[0] ?? 0) : text.padStart(widths[column] ?? 0),
      )
      .join("  ");
  return [styles.bold(format(header)), ...cells.map(format)].map((text) => `${text}\n`).join("");
}

function summarize(content: readonly ToolResultContentBlock[]): string {
  const text = content.map((block) => block.text ?? JSON.stringify(block.json)).join(" ");
  return text.length > 110 ? `${text.slice(0, 107)}…` : text;
}
