import type { AgentEvent, RunResult } from "@lode/core";
import { expect } from "vitest";
import { checkTrajectory, type ExpectedCall, type TrajectoryMode } from "../trajectory/check-trajectory.js";
import { partialMatch } from "../trajectory/partial-match.js";
import { toolCallsOf } from "../trajectory/tool-calls-of.js";

type RunOrEvents = RunResult<unknown> | readonly AgentEvent[];

/** What each matcher tells vitest. */
export interface MatcherResult {
  pass: boolean;
  message: () => string;
}

function isRun(value: unknown): value is RunResult<unknown> {
  return typeof value === "object" && value !== null && "toolCalls" in value && "steps" in value;
}

function notARun(received: unknown, what: string): MatcherResult {
  return {
    pass: false,
    message: () => `${what} needs a run's result (or its events), not ${typeof received}`,
  };
}

/** The matchers, for `expect.extend` (`installLodeMatchers()` does it). */
export const lodeMatchers = {
  /** The run called `name` at least once, with an input that has `input` (partially). */
  toHaveCalledTool(received: unknown, name: string, input?: unknown): MatcherResult {
    if (!isRun(received) && !Array.isArray(received)) return notARun(received, "toHaveCalledTool");
    const calls = toolCallsOf(received as RunOrEvents);
    const pass = calls.some((call) => call.name === name && partialMatch(call.input, input));
    const wanted = `${name}${input === undefined ? "" : ` ${JSON.stringify(input)}`}`;
    const made = calls.map((call) => `  ${call.name} ${JSON.stringify(call.input)}`).join("\n") || "  (none)";
    return {
      pass,
      message: () =>
        `expected the run ${pass ? "not " : ""}to have called ${wanted}; the calls made:\n${made}`,
    };
  },

  /** The run's tool calls match `expected` in `mode` (strict, unordered, subset, superset). */
  toHaveToolTrajectory(
    received: unknown,
    expected: readonly ExpectedCall[],
    mode: TrajectoryMode = "strict",
  ): MatcherResult {
    if (!isRun(received) && !Array.isArray(received)) return notARun(received, "toHaveToolTrajectory");
    const verdict = checkTrajectory(toolCallsOf(received as RunOrEvents), expected, mode);
    return { pass: verdict.pass, message: () => verdict.message };
  },

  /** The run's final text equals `text`, or matches it when it is a RegExp. */
  toHaveFinalText(received: unknown, text: string | RegExp): MatcherResult {
    if (!isRun(received)) return notARun(received, "toHaveFinalText");
    const pass = typeof text === "string" ? received.text === text : text.test(received.text);
    return {
      pass,
      message: () =>
        `expected the final text ${pass ? "not " : ""}to be ${String(text)}; it was ${JSON.stringify(received.text)}`,
    };
  },

  /** The run's structured output has everything `output` says (matched partially, as tool inputs are). */
  toHaveOutput(received: unknown, output: unknown): MatcherResult {
    if (!isRun(received)) return notARun(received, "toHaveOutput");
    const pass = partialMatch(received.output, output);
    return {
      pass,
      message: () =>
        `expected the output ${pass ? "not " : ""}to match ${JSON.stringify(output)}; it was ${JSON.stringify(received.output)}`,
    };
  },

  /** The run took at most `steps` model steps. */
  toHaveTakenAtMostSteps(received: unknown, steps: number): MatcherResult {
    if (!isRun(received)) return notARun(received, "toHaveTakenAtMostSteps");
    const pass = received.steps.length <= steps;
    return {
      pass,
      message: () =>
        `expected ${pass ? "not " : ""}at most ${steps} steps; the run took ${received.steps.length}`,
    };
  },

  /** The run used at most `tokens` tokens in all (input, output and cache). */
  toHaveUsedAtMostTokens(received: unknown, tokens: number): MatcherResult {
    if (!isRun(received)) return notARun(received, "toHaveUsedAtMostTokens");
    const pass = received.usage.totalTokens <= tokens;
    return {
      pass,
      message: () =>
        `expected ${pass ? "not " : ""}at most ${tokens} tokens; the run used ${received.usage.totalTokens}`,
    };
  },
};

/** The matchers' types on vitest's `expect(…)`. */
export interface LodeMatchers<R = unknown> {
  toHaveCalledTool(name: string, input?: unknown): R;
  toHaveToolTrajectory(expected: readonly ExpectedCall[], mode?: TrajectoryMode): R;
  toHaveFinalText(text: string | RegExp): R;
  toHaveOutput(output: unknown): R;
  toHaveTakenAtMostSteps(steps: number): R;
  toHaveUsedAtMostTokens(tokens: number): R;
}

declare module "vitest" {
  // biome-ignore lint/suspicious/noExplicitAny: vitest declares it with `any`; declarations must agree.
  interface Matchers<T = any> extends LodeMatchers<T> {}
}

/** Adds Lode's matchers to vitest's `expect` (call it once, e.g. in a setup file). */
export function installLodeMatchers(): void {
  expect.extend(lodeMatchers);
}
