import type { AgentEvent, GuardrailFinding, GuardrailIntervention } from "@lode/core";

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

/**
 * Renders a run's events for a person: the answer as it streams, one line per tool call and result, and
 * one line per guardrail intervention saying what was blocked or masked, and why.
 */
export function createEventRenderer(write: (text: string) => void, styles: Styles) {
  let inText = false;
  const endText = () => {
    if (inText) write("\n");
    inText = false;
  };
  return (event: AgentEvent): void => {
    switch (event.type) {
      case "text-delta":
        if (!inText) write(styles.bold("assistant: "));
        inText = true;
        write(event.text);
        break;
      case "tool-call":
        endText();
        write(`${styles.cyan("→")} ${event.toolName} ${JSON.stringify(event.input)}\n`);
        break;
      case "tool-result": {
        const mark = event.status === "success" ? styles.green("←") : styles.red("✗");
        write(`${mark} ${event.toolName} ${summarize(event.content)}\n`);
        break;
      }
      case "guardrail":
        endText();
        write(`${styles.yellow("guardrail:")} ${describeIntervention(event.intervention)}\n`);
        break;
      case "step-end":
      case "run-end":
        endText();
        break;
      default:
        break;
    }
  };
}

/** "blocked the question: denied topic "Investing"", in words. */
export function describeIntervention(intervention: GuardrailIntervention): string {
  const what =
    intervention.origin === "tool"
      ? `${intervention.toolName}'s ${intervention.side === "input" ? "input" : "result"}`
      : intervention.side === "input"
        ? "the question"
        : "the answer";
  const verb = intervention.action === "unknown" ? "intervened on" : intervention.action;
  const findings = intervention.findings.map(describeFinding).join("; ");
  return `${verb} ${what}${findings ? `: ${findings}` : ""}`;
}

function describeFinding(finding: GuardrailFinding): string {
  switch (finding.policy) {
    case "denied-topic":
      return `denied topic "${finding.name}"`;
    case "word":
      return `word "${finding.match}"`;
    case "sensitive-information":
      return finding.kind === "pii"
        ? `${finding.type} "${finding.match}"`
        : `${finding.name} "${finding.match}"`;
    case "content":
      return `content filter ${finding.type}`;
    case "contextual-grounding":
      return `${finding.type.toLowerCase()} score ${finding.score} below ${finding.threshold}`;
    case "automated-reasoning":
      return `automated reasoning: ${finding.result}`;
  }
}

function summarize(content: readonly unknown[]): string {
  return content
    .map((block) => {
      const item = block as { text?: string; json?: unknown };
      return item.text ?? JSON.stringify(item.json);
    })
    .join(" ");
}
