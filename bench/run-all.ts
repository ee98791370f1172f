/**
 * Runs every benchmark in this folder, one after another, each in its own process so one cannot skew
 * the next. Benchmarks are the `*.ts` files beside this one; sub-folders hold their support code.
 *
 * Run: npx tsx bench/run-all.ts
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const folder = fileURLToPath(new URL(".", import.meta.url));
const benches = (await readdir(folder, { withFileTypes: true }))
  .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && entry.name !== "run-all.ts")
  .map((entry) => entry.name)
  .sort();

let failed = 0;
for (const bench of benches) {
  console.log(`\n# ${bench}`);
  // The same loader flags this process was started with (tsx's), so the child can run TypeScript too.
  const child = spawn(
    process.execPath,
    [...process.execArgv, fileURLToPath(new URL(bench, import.meta.url))],
    {
      stdio: "inherit",
    },
  );
  const [code] = await once(child, "exit");
  if (code !== 0) {
    failed++;
    console.log(`${bench} failed with exit code ${code}`);
  }
}
process.exitCode = failed ? 1 : 0;
