/**
 * A smoke run of the benchmarks (`LODE_BENCH_SMOKE=1`, which `run-all.ts --smoke` sets): every bench does the
 * least work that still runs each of its code paths and prints each of its figures, so CI can show the benches
 * still run without spending minutes on them. Its figures are not measurements: they mean nothing.
 */
export const SMOKE = process.env.LODE_BENCH_SMOKE === "1";

/** `full` in a real run, `smoke` in a smoke run: how a bench's constants say how much work it does. */
export function sized<T>(full: T, smoke: T): T {
  return SMOKE ? smoke : full;
}
