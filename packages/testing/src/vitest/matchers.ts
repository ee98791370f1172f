import type { AgentEvent, RunResult } from "@lode/core";
import { expect } from "vitest";
import { type AgentSelector, describeAgent, describePath } from "../trajectory/agent-path-match.js";
import { checkHandedOff, checkHandoffs, type ExpectedHandoff } from "../trajectory/check-handoffs.js";
import {
  checkTrajectory,
  type ExpectedCall,
  fitsCall,
  madeByManyAgents,
  namesAgents,
  type TrajectoryMode,
} from "../trajectory/check-trajectory.js";
import { handoffsOf } from "../trajectory/handoffs-of.js";
import { partialMatch } from "../trajectory/partial-match.js";
import { type TrajectoryCall, toolCallsOf } from "../trajectory/tool-calls-of.js";
import { usageOfAgent } from "../trajectory/usage-of-agent.js";

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
  /**
   * The run called the tool at least once: `name` with an input that has `input` (partially), or the call
   * `expected` describes (its tool, part of its input, the agent that made it).
   */
  toHaveCalledTool(received: unknown, expected: string | ExpectedCall, input?: unknown): MatcherResult {
    if (!isRun(received) && !Array.isArray(received)) return notARun(received, "toHaveCalledTool");
    const calls = toolCallsOf(received as RunOrEvents);
    const call = typeof expected === "string" ? { name: expected, input } : expected;
    const pass = calls.some((made) => fitsCall(made, call));
    const byAgent = namesAgents([call]) || madeByManyAgents(calls);
    const wanted = `${call.name}${call.input === undefined ? "" : ` ${JSON.stringify(call.input)}`}${byWhom(call)}`;
    const made =
      calls
        .map((made) => `  ${made.name} ${JSON.stringify(made.input)}${byAgent ? byWhom(made) : ""}`)
        .join("\n") || "  (none)";
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

  /**
   * The run handed the conversation over at least once as `expected` says (`{ from: "triage", to:
   * "billing" }`; any field left out matches anything). Reads a run's events or its result (`handoffsOf`
   * says what each can tell).
   */
  toHaveHandedOff(received: unknown, expected: ExpectedHandoff): MatcherResult {
    if (!isRun(received) && !Array.isArray(received)) return notARun(received, "toHaveHandedOff");
    const verdict = checkHandedOff(handoffsOf(received as RunOrEvents), expected);
    return { pass: verdict.pass, message: () => verdict.message };
  },

  /**
   * The run's handoffs, sub-agents' included, are exactly `expected`, in order: `[{ from: "triage", to:
   * "billing" }, { from: "billing", to: "triage" }]`; `[]` for none.
   */
  toHaveHandoffs(received: unknown, expected: readonly ExpectedHandoff[]): MatcherResult {
    if (!isRun(received) && !Array.isArray(received)) return notARun(received, "toHaveHandoffs");
    const verdict = checkHandoffs(handoffsOf(received as RunOrEvents), expected);
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

  /**
   * The run used at most `tokens` tokens in all (input, output and cache), sub-agents included; with `by`,
   * the agent it names did (from `usageByAgent`; an agent that made no model call fails, as a misspelt name
   * would).
   */
  toHaveUsedAtMostTokens(received: unknown, tokens: number, options: TokenLimitOptions = {}): MatcherResult {
    if (!isRun(received)) return notARun(received, "toHaveUsedAtMostTokens");
    if (options.by !== undefined) return agentUsedAtMost(received, tokens, options.by);
    const pass = received.usage.totalTokens <= tokens;
    return {
      pass,
      message: () =>
        `expected ${pass ? "not " : ""}at most ${tokens} tokens; the run used ${received.usage.totalTokens}`,
    };
  },
};

/** ` by billing` for a call that names (or made by) an agent, else nothing. */
function byWhom(call: ExpectedCall | TrajectoryCall): string {
  if (call.agentPath !== undefined) return ` by ${describePath(call.agentPath)}`;
  return "agent" in call && call.agent !== undefined ? ` by ${call.agent}` : "";
}

/** Options of `toHaveUsedAtMostTokens`. */
export interface TokenLimitOptions {
  /** Count only this agent's tokens: a name, or a whole path (`["support", "docs"]`). @default the whole run */
  by?: AgentSelector;
}

function agentUsedAtMost(run: RunResult<unknown>, tokens: number, by: AgentSelector): MatcherResult {
  const usage = usageOfAgent(run, by);
  const agent = describeAgent(by);
  const spenders = run.usageByAgent.map((entry) => describePath(entry.agentPath)).join(", ") || "none";
  if (!usage)
    return {
      pass: false,
      message: () =>
        `expected at most ${tokens} tokens by ${agent}, but no agent ${agent} made a model call (those that did: ${spenders})`,
    };
  const pass = usage.totalTokens <= tokens;
  return {
    pass,
    message: () =>
      `expected ${pass ? "not " : ""}at most ${tokens} tokens by ${agent}; ${agent} used ${usage.totalTokens}`,
  };
}

/** The matchers' types on vitest's `expect(…)`. */
export interface LodeMatchers<R = unknown> {
  /** The run called `name` at least once, with an input that has `input` (partially). */
  toHaveCalledTool(name: string, input?: unknown): R;
  /** The run made the call `expected` describes: `{ name: "refund", agent: "billing" }`. */
  toHaveCalledTool(expected: ExpectedCall): R;
  /** The run's tool calls match `expected` in `mode` (entries may name the agent that made each call). */
  toHaveToolTrajectory(expected: readonly ExpectedCall[], mode?: TrajectoryMode): R;
  /** The run made at least one handoff as `expected` says: `{ from: "triage", to: "billing" }`. */
  toHaveHandedOff(expected: ExpectedHandoff): R;
  /** The run's handoffs are exactly `expected`, in order (`[]`: none). */
  toHaveHandoffs(expected: readonly ExpectedHandoff[]): R;
  /** The run's final text equals `text`, or matches it. */
  toHaveFinalText(text: string | RegExp): R;
  /** The run's structured output has everything `output` says. */
  toHaveOutput(output: unknown): R;
  /** The run took at most `steps` model steps. */
  toHaveTakenAtMostSteps(steps: number): R;
  /** The run (or, with `by`, one agent of it) used at most `tokens` tokens. */
  toHaveUsedAtMostTokens(tokens: number, options?: TokenLimitOptions): R;
}

declare module "vitest" {
  // biome-ignore lint/suspicious/noExplicitAny: vitest declares it with `any`; declarations must agree.
  interface Matchers<T = any> extends LodeMatchers<T> {}
}

/** Adds Lode's matchers to vitest's `expect` (call it once, e.g. in a setup file). */
export function installLodeMatchers(): void {
  expect.extend(lodeMatchers);
}
