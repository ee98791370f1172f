/**
 * The `q`-quantile of `values` by the nearest-rank method (the smallest value with at least `q` of the samples
 * at or below it), so every bench's median and p95 mean the same thing. 0 for no samples.
 */
export function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

/** The median (nearest rank) of `values`. */
export function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}
