import type { Cost, StepUsage } from "@lode/core";

/** A duration for people: `840 ms`, `3.2 s`, `2 m 05 s`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return "–";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} m ${String(seconds).padStart(2, "0")} s`;
}

/** A run's duration: to its end, or to now while it runs. */
export function runDuration(run: { startedAt: number; endedAt?: number }, now = Date.now()): number {
  return (run.endedAt ?? now) - run.startedAt;
}

export function formatTokens(count: number | undefined): string {
  if (count === undefined) return "–";
  return count.toLocaleString("en-US");
}

/** Dollars, with enough digits for the fractions of a cent a call costs. */
export function formatCost(cost: Cost | undefined): string {
  if (!cost) return "–";
  return formatUsd(cost.total);
}

export function formatUsd(amount: number): string {
  if (amount === 0) return "$0";
  if (amount < 0.01) return `$${amount.toFixed(5)}`;
  return `$${amount.toFixed(amount < 1 ? 4 : 2)}`;
}

/** The token figure a list shows: input + output, with the cache read noted. */
export function usageLine(usage: StepUsage): string {
  const cache = usage.cacheReadInputTokens ? ` · ${formatTokens(usage.cacheReadInputTokens)} cached` : "";
  return `${formatTokens(usage.totalTokens)} tok${cache}`;
}

/** A clock time with milliseconds: `14:03:27.412`. */
export function formatClock(at: number): string {
  const date = new Date(at);
  const pad = (value: number, size = 2) => String(value).padStart(size, "0");
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** How long ago, for the list: `12 s ago`, `4 m ago`, else the clock time. */
export function formatAgo(at: number, now = Date.now()): string {
  const ago = Math.max(0, now - at);
  if (ago < 60_000) return `${Math.round(ago / 1000)} s ago`;
  if (ago < 3_600_000) return `${Math.round(ago / 60_000)} m ago`;
  return new Date(at).toLocaleString();
}

/** An agent path for people: `support › docs`. */
export function formatPath(path: readonly string[]): string {
  return path.length === 0 ? "agent" : path.join(" › ");
}

/** Pretty JSON; strings stay as they are. */
export function formatJson(value: unknown): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}
