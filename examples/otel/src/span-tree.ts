import { attributeText, type ReceivedSpan } from "./otlp-receiver.js";

/** What each kind of span shows beside its name. */
const SHOWN = [
  "gen_ai.agent.name",
  "gen_ai.conversation.id",
  "gen_ai.tool.call.id",
  "gen_ai.response.finish_reasons",
  "gen_ai.usage.input_tokens",
  "gen_ai.usage.output_tokens",
  "gen_ai.usage.cache_read.input_tokens",
  "gen_ai.usage.cache_creation.input_tokens",
];

/** The spans as an indented tree, children in the order they started, one line each. */
export function spanTreeLines(spans: readonly ReceivedSpan[]): string[] {
  const byStart = [...spans].sort((a, b) =>
    Number(BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano)),
  );
  const ids = new Set(spans.map((span) => span.spanId));
  const lines: string[] = [];
  const visit = (span: ReceivedSpan, depth: number) => {
    const ms = Number(BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano)) / 1e6;
    const details = SHOWN.flatMap((key) => {
      const value = attributeText(span, key);
      return value === undefined ? [] : [`${key.replace(/^gen_ai\./, "")}=${value}`];
    });
    const events = (span.events ?? []).map((event) => `event ${event.name}`);
    lines.push(
      `${"  ".repeat(depth)}${span.name} (${ms.toFixed(1)} ms) ${[...details, ...events].join(" ")}`.trimEnd(),
    );
    for (const child of byStart.filter((candidate) => candidate.parentSpanId === span.spanId))
      visit(child, depth + 1);
  };
  for (const root of byStart.filter((span) => !span.parentSpanId || !ids.has(span.parentSpanId)))
    visit(root, 0);
  return lines;
}
