/**
 * Runs every benchmark in this folder, one after another, each in its own process so one cannot skew
 * the next. Benchmarks are the `*.ts` files beside this one; sub-folders hold their support code.
 *
 * Each benchmark is first bundled with esbuild and run by plain Node, as an application ships: run
 * through tsx, every function carries the loader's name-keeping wrapper, which taxes closure-heavy code
 * (Lode's loop) far more than a straight-line loop and skews the comparison.
 *
 * `--smoke` (what CI runs, `pnpm bench:smoke`) sets LODE_BENCH_SMOKE=1: every bench does a token amount of
 * work (support/smoke.ts), and one also fails if it prints NaN, undefined or Infinity, a figure that did
 * not compute. Nothing is asserted about time: a smoke run's figures mean nothing.
 *
 * Run: pnpm bench  (or: npx tsx bench/run-all.ts [--smoke] [name-filter])
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { bundleForNode } from "./support/bundle-for-node.js";

const args = process.argv.slice(2);
const smoke = args.includes("--smoke") || process.env.LODE_BENCH_SMOKE === "1";
if (smoke) process.env.LODE_BENCH_SMOKE = "1";
const filter = args.find((arg) => !arg.startsWith("--")) ?? "";
/** What a figure that did not compute prints as (`${0 / 0}`, `${undefined}`, `${1 / 0}`). */
const NOT_COMPUTED = /\b(NaN|undefined|Infinity)\b/;

const folder = fileURLToPath(new URL(".", import.meta.url));
const benches = (await readdir(folder, { withFileTypes: true }))
  .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && entry.name !== "run-all.ts")
  .map((entry) => entry.name)
  .filter((name) => name.includes(filter))
  .sort();

const failures: string[] = [];
const seconds: [string, number][] = [];
const allStarted = performance.now();
for (const bench of benches) {
  console.log(`\n# ${bench}${smoke ? " (smoke run)" : ""}`);
  const started = performance.now();
  const outfile = fileURLToPath(new URL(`.bench-out/${bench.replace(/\.ts$/, ".mjs")}`, import.meta.url));
  await bundleForNode(fileURLToPath(new URL(bench, import.meta.url)), outfile);
  const child = spawn(process.execPath, [outfile], {
    // A smoke run reads what the bench prints (and passes it on); a real one leaves the terminal to it.
    stdio: smoke ? ["ignore", "pipe", "pipe"] : "inherit",
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...process.env },
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    process.stdout.write(chunk);
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    process.stderr.write(chunk);
  });
  const [code] = await once(child, "close");
  const took = (performance.now() - started) / 1000;
  seconds.push([bench, took]);
  if (code !== 0) failures.push(`${bench} failed with exit code ${code}`);
  const uncomputed = output.split("\n").filter((line) => NOT_COMPUTED.test(line));
  if (smoke && uncomputed.length > 0)
    failures.push(`${bench} printed a figure that did not compute:\n  ${uncomputed.join("\n  ")}`);
  console.log(`(${bench}: ${took.toFixed(1)} s)`);
}

const total = (performance.now() - allStarted) / 1000;
console.log(`\n${smoke ? "Smoke run" : "Benchmarks"}: ${benches.length} in ${total.toFixed(1)} s`);
for (const [bench, took] of seconds) console.log(`  ${took.toFixed(1).padStart(6)} s  ${bench}`);
for (const failure of failures) console.log(failure);
process.exitCode = failures.length ? 1 : 0;
