import type { AgentEvent, RunResult, StepUsage } from "@lode/core";
import type { Report } from "../protocol/reports.js";

/** Reports as a reporter sends them, for the store's and the server's tests. */

export const MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

export function usage(inputTokens: number, outputTokens: number): StepUsage {
  return {
    inputTokens,
    outputTokens,
    totalTokens: inputTokens + outputTokens,
    cacheReadInputTokens: 0,
    cacheWriteInputTokens: 0,
    latencyMs: 10,
  };
}

export const cost = (total: number) => ({ total, input: total, output: 0, cacheRead: 0, cacheWrite: 0 });

export function event(runId: string, fields: Record<string, unknown>): Report {
  return {
    kind: "event",
    at: 0,
    event: { runId, step: 0, agentPath: ["desk"], ...fields } as unknown as AgentEvent,
  };
}

export function runStart(runId: string, extra: Partial<Extract<Report, { kind: "run-start" }>> = {}): Report {
  return {
    kind: "run-start",
    at: 1,
    runId,
    agentName: "desk",
    agentDescription: undefined,
    agentPath: ["desk"],
    parent: undefined,
    modelId: MODEL,
    sessionId: "s1",
    resumable: true,
    ...extra,
  };
}

/** A two-step weather job's reports, as a reporter sends them. */
export function twoStepJob(runId: string, prompt = "What's the weather in Lisbon?"): Report[] {
  const input = [{ role: "user" as const, content: [{ text: prompt }] }];
  const toolUse = { toolUse: { toolUseId: `${runId}-t1`, name: "weather", input: { city: "Lisbon" } } };
  const result: Partial<RunResult<unknown>> = {
    text: "Sunny.",
    stopReason: "end_turn",
    usage: usage(300, 30),
    cost: cost(0.003),
    pendingApprovals: [],
    steps: [
      { step: 1, cost: cost(0.001) } as RunResult<unknown>["steps"][number],
      { step: 2, cost: cost(0.002) } as RunResult<unknown>["steps"][number],
    ],
  };
  return [
    runStart(runId),
    event(runId, { type: "run-start", input, sessionId: "s1" }),
    { kind: "model-call-start", at: 2, runId, step: 1, request: { modelId: MODEL, messages: input } },
    { kind: "first-chunk", at: 3, runId, step: 1 },
    {
      kind: "model-call-end",
      at: 4,
      runId,
      step: 1,
      outcome: {
        status: "answered",
        message: { role: "assistant", content: [toolUse] },
        stopReason: "tool_use",
        usage: usage(100, 10),
        requestId: "r1",
      },
    },
    event(runId, { type: "step-end", step: 1, stopReason: "tool_use", usage: usage(100, 10) }),
    {
      kind: "tool-start",
      at: 5,
      runId,
      step: 1,
      toolUseId: `${runId}-t1`,
      toolName: "weather",
      input: { city: "Lisbon" },
    },
    {
      kind: "tool-end",
      at: 6,
      runId,
      toolUseId: `${runId}-t1`,
      outcome: { status: "success", content: [{ text: "21C" }] },
    },
    { kind: "model-call-start", at: 7, runId, step: 2, request: { modelId: MODEL, messages: input } },
    {
      kind: "model-retry",
      at: 8,
      runId,
      step: 2,
      attempt: 1,
      delayMs: 5,
      code: "throttled",
      message: "slow down",
    },
    {
      kind: "model-call-end",
      at: 9,
      runId,
      step: 2,
      outcome: {
        status: "answered",
        message: { role: "assistant", content: [{ text: "Sunny." }] },
        stopReason: "end_turn",
        usage: usage(200, 20),
        requestId: "r2",
      },
    },
    {
      kind: "event",
      at: 10,
      event: { runId, step: 2, agentPath: ["desk"], type: "run-end", result } as AgentEvent,
    },
  ];
}
