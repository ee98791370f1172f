import type { RunComparison } from "../protocol/api.js";
import type { RunRecord, StepRecord } from "../protocol/run-record.js";
import { jsonDiff } from "./json-diff.js";
import { wireJson } from "./wire-json.js";

/**
 * Two runs side by side, step by step (by step index): the JSON paths whose values differ between their
 * requests and between their answers. A step only one run has is one difference at the root. Answers are
 * compared by message, stop reason and token counts: latency and request ids differ on every call, and
 * tool use ids are compared by their order of appearance (as strict replay compares requests).
 */
export function compareRuns(a: RunRecord, b: RunRecord): RunComparison {
  const count = Math.max(a.steps.length, b.steps.length);
  const steps: RunComparison["steps"] = [];
  for (let index = 0; index < count; index++) {
    const left = a.steps[index];
    const right = b.steps[index];
    steps.push({
      step: left?.step ?? right?.step ?? index,
      request: differences(left?.request, right?.request, left, right),
      answer: differences(left && comparableAnswer(left), right && comparableAnswer(right), left, right),
    });
  }
  return { a, b, steps };
}

function differences(a: unknown, b: unknown, left: StepRecord | undefined, right: StepRecord | undefined) {
  if (!left || !right) return [{ path: "", a, b }];
  return jsonDiff(withToolUseOrder(wireJson(a)), withToolUseOrder(wireJson(b)));
}

/**
 * Tool use ids (`tooluse_…`, fresh on every model call) as their order of first appearance
 * (`<tool-use-1>`…), as strict replay compares requests: two runs that called the same tools match.
 */
function withToolUseOrder(value: unknown, ids = new Map<string, string>()): unknown {
  if (Array.isArray(value)) return value.map((item) => withToolUseOrder(item, ids));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === "toolUseId" && typeof item === "string") {
      if (!ids.has(item)) ids.set(item, `<tool-use-${ids.size + 1}>`);
      out[key] = ids.get(item);
    } else out[key] = withToolUseOrder(item, ids);
  }
  return out;
}

function comparableAnswer(step: StepRecord): unknown {
  if (!step.answer)
    return step.error ? { error: { code: step.error.code, message: step.error.message } } : undefined;
  const { latencyMs: _latency, ...usage } = step.answer.usage;
  return { message: step.answer.message, stopReason: step.answer.stopReason, usage };
}
