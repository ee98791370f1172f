import type { ToolResultContentBlock } from "@aws-sdk/client-bedrock-runtime";
import type { AgentUsage } from "@lode/core";
import type { GraphEvent } from "@lode/graph";

/** ANSI styles, or none when the output is not a colour terminal (or NO_COLOR is set). */
export function terminalStyles(enabled: boolean) {
  const wrap = (code: string) => (text: string) => (enabled ? `\x1b[${code}m${text}\x1b[0m` : text);
  return { dim: wrap("2"), bold: wrap("1"), cyan: wrap("36"), green: wrap("32"), red: wrap("31") };
}

export type Styles = ReturnType<typeof terminalStyles>;

/**
 * Renders a graph run's progress: each node as it starts and ends (a fan-out branch as `search #2` with its
 * question), the agents' tool calls under the node running them, and what the reviewer decided. The
 * agents' text is not streamed here: three branches write at once.
 */
export function createProgressRenderer(write: (text: string) => void, styles: Styles) {
  // A node's label by its task, and an agent run's task by the run: agent events name their own run, and
  // their run-start names the node's task as its parent.
  const labels = new Map<string, string>();
  const taskOfRun = new Map<string, string>();
  const labelOf = (event: GraphEvent) =>
    labels.get(taskOfRun.get(event.runId) ?? "") ?? event.agentPath.join(" → ");
  return (event: GraphEvent): void => {
    switch (event.type) {
      case "node-start": {
        const label = "item" in event ? `${event.node} #${branchNumber(event.taskId)}` : event.node;
        labels.set(event.taskId, label);
        const about = "item" in event ? ` ${JSON.stringify(event.item)}` : "";
        write(`${styles.cyan("▶")} ${label}${about}\n`);
        break;
      }
      case "node-end": {
        const label = labels.get(event.taskId) ?? event.node;
        const seconds = `(${(event.durationMs / 1000).toFixed(1)} s)`;
        const outcome = describeUpdate(event.update);
        write(`${styles.green("✓")} ${label} ${styles.dim(seconds)}${outcome ? `: ${outcome}` : ""}\n`);
        break;
      }
      case "run-start":
        if (event.parent) taskOfRun.set(event.runId, event.parent.toolUseId);
        break;
      // Structured output comes as a call of `final_output` (in tool mode): the node's end shows it.
      case "tool-call":
        if (event.toolName !== "final_output")
          write(`  ${styles.dim(labelOf(event))} → ${event.toolName} ${JSON.stringify(event.input)}\n`);
        break;
      case "tool-result":
        if (event.toolName !== "final_output") {
          const mark = event.status === "success" ? "←" : styles.red("✗");
          write(`  ${styles.dim(labelOf(event))} ${mark} ${event.toolName} ${summarize(event.content)}\n`);
        }
        break;
      default:
        break;
    }
  };
}

/** `1` for the task `1:search:0`: the branch's number, from 1. */
function branchNumber(taskId: string): number {
  return Number(taskId.split(":").at(-1)) + 1;
}

/** A node's update, in a few words. */
function describeUpdate(update: unknown): string {
  const written = (update ?? {}) as {
    questions?: string[];
    draft?: { title: string; sources: string[] };
    revisions?: number;
    review?: { approved: boolean; notes: string };
  };
  if (written.questions) return `${written.questions.length} questions`;
  if (written.draft)
    return `${written.revisions ? `revision ${written.revisions}` : "draft"} "${written.draft.title}", sources ${written.draft.sources.join(", ")}`;
  if (written.review)
    return written.review.approved ? "approved" : `sent back to the writer: ${written.review.notes}`;
  return "";
}

/** A search result as the page ids it found; anything else cut short. */
function summarize(content: readonly ToolResultContentBlock[]): string {
  const json = content[0]?.json as { hits?: { id: string }[] } | undefined;
  if (json?.hits) return json.hits.length === 0 ? "no pages" : json.hits.map((hit) => hit.id).join(", ");
  const text = content.map((block) => block.text ?? JSON.stringify(block.json)).join(" ");
  return text.length > 100 ? `${text.slice(0, 97)}…` : text;
}

/** The per-agent usage table: model calls and tokens per agent path (`research → search → searcher`). */
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
