/**
 * Runs every benchmark in this folder, one after another, each in its own process so one cannot skew
 * the next. Benchmarks are the `*.ts` files beside this one; sub-folders hold their support code.
 *
 * Each benchmark is first bundled with esbuild and run by plain Node, as an application ships: run
 * through tsx, every function carries the loader's name-keeping wrapper, which taxes closure-heavy code
 * (Lode's loop) far more than a straight-line loop and skews the comparison.
 *
 * Run: pnpm bench  (or: npx tsx bench/run-all.ts [name-filter])
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const folder = fileURLToPath(new URL(".", import.meta.url));
const filter = process.argv[2] ?? "";
const benches = (await readdir(folder, { withFileTypes: true }))
  .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && entry.name !== "run-all.ts")
  .map((entry) => entry.name)
  .filter((name) => name.includes(filter))
  .sort();

let failed = 0;
for (const bench of benches) {
  console.log(`\n# ${bench}`);
  const outfile = fileURLToPath(new URL(`.bench-out/${bench.replace(/\.ts$/, ".mjs")}`, import.meta.url));
  await build({
    entryPoints: [fileURLToPath(new URL(bench, import.meta.url))],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "error",
    // Some dependencies are CommonJS and call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
  const child = spawn(process.execPath, [outfile], {
    stdio: "inherit",
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...process.env },
  });
  const [code] = await once(child, "exit");
  if (code !== 0) {
    failed++;
    console.log(`${bench} failed with exit code ${code}`);
  }
}
process.exitCode = failed ? 1 : 0;
