import type { AgentEvent, RunResult } from "@lode/core";

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

type Styles = ReturnType<typeof terminalStyles>;

/**
 * Renders agent events as a person wants to read them: reasoning dimmed, answer text as it streams,
 * one line per tool call and result, usage and latency per step. Returns a function taking each event.
 */
export function createEventRenderer(write: (text: string) => void, styles: Styles) {
  let open: "reasoning" | "text" | undefined;
  const ensureLine = (next: typeof open) => {
    if (open !== next && open !== undefined) write("\n");
    if (open !== next && next === "reasoning") write(styles.dim("thinking: "));
    open = next;
  };
  return (event: AgentEvent): void => {
    switch (event.type) {
      case "step-start":
        write(styles.bold(`\n── step ${event.step} ──\n`));
        break;
      case "reasoning-delta":
        ensureLine("reasoning");
        write(styles.dim(event.text));
        break;
      case "text-delta":
        ensureLine("text");
        write(event.text);
        break;
      case "tool-call":
        ensureLine(undefined);
        write(`${styles.cyan("→")} ${event.toolName} ${JSON.stringify(event.input)}\n`);
        break;
      case "tool-progress":
        write(styles.dim(`  … ${event.toolName}: ${String(event.data)}\n`));
        break;
      case "tool-result": {
        const mark = event.status === "success" ? styles.green("←") : styles.red("✗");
        write(
          `${mark} ${event.toolName} ${summarize(event.content)} ${styles.dim(`(${event.durationMs} ms)`)}\n`,
        );
        break;
      }
      case "retry":
        ensureLine(undefined);
        write(
          styles.yellow(
            `retrying after ${event.code} (attempt ${event.attempt}, waiting ${event.delayMs} ms)\n`,
          ),
        );
        break;
      case "step-end":
        ensureLine(undefined);
        write(
          styles.dim(
            `   ${event.stopReason} · ${event.usage.inputTokens} in / ${event.usage.outputTokens} out tokens · ${event.usage.latencyMs} ms\n`,
          ),
        );
        break;
      default:
        break;
    }
  };
}

/** The closing summary line of a run. */
export function summarizeRun(result: RunResult<unknown>, styles: Styles): string {
  const { usage } = result;
  return styles.bold(
    `\n✔ ${result.steps.length} steps · ${result.toolCalls.length} tool calls · ${usage.inputTokens} in / ${usage.outputTokens} out tokens · ${result.durationMs} ms\n`,
  );
}

function summarize(content: readonly unknown[]): string {
  const text = content
    .map((block) => {
      const item = block as { text?: string; json?: unknown };
      return item.text ?? JSON.stringify(item.json);
    })
    .join(" ");
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}
