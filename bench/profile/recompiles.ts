/**
 * How often V8 compiles each function with TurboFan over a run of `h2-teardown.ts`, for the raw loop and for
 * Lode on the same plain client: a function compiled again and again (after each full garbage collection)
 * runs unoptimized in between and costs a compile each time. Counts hardly move between runs, unlike CPU
 * time here, so they show a hot-path change CPU figures cannot. The usual cause is a closure made per call
 * (see the root README, "Speed"). Node 20's V8 log marks TurboFan code with `*`.
 *
 *   pnpm --filter ./bench recompiles      (RECOMPILE_MODES, RECOMPILE_MIN: modes, least count listed)
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile } from "node:fs/promises";
import { SourceMap } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleForNode } from "../support/bundle-for-node.js";

const MODES = process.env.RECOMPILE_MODES?.split(",") ?? ["raw", "lode"];
const MIN = Number(process.env.RECOMPILE_MIN ?? 3);
/** A function of Lode's packages, as `placeOf` names it. */
const LODE_SOURCE = /\s(core|tools|memory)\/src\//;

const bundle = fileURLToPath(new URL("../.bench-out/recompiles-child.mjs", import.meta.url));
await bundleForNode(fileURLToPath(new URL("h2-teardown.ts", import.meta.url)), bundle, { sourcemap: true });
const map = new SourceMap(JSON.parse(await readFile(`${bundle}.map`, "utf8")));
const dir = await mkdtemp(path.join(tmpdir(), "lode-recompiles-"));

/** Where a logged function lives: its original source and line for the bundle's, else as V8 names it. */
function placeOf(location: string): string {
  const match = /^file:\/\/.*\.mjs:(\d+):(\d+)$/.exec(location);
  if (!match) return location;
  const entry = map.findEntry(Number(match[1]) - 1, Number(match[2]) - 1);
  if (!("originalSource" in entry)) return location;
  return `${entry.originalSource.replace(/^.*\/(packages|node_modules)\//, "")}:${entry.originalLine + 1}`;
}

/** TurboFan compilations per function (name and place) over one child run in `mode`. */
async function compilations(mode: string): Promise<Map<string, number>> {
  const logfile = path.join(dir, `${mode}.log`);
  const child = spawn(
    process.execPath,
    ["--log-code", `--logfile=${logfile}`, "--no-logfile-per-isolate", bundle],
    {
      stdio: "ignore",
      env: {
        ...process.env,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        H2_MODE: mode,
        H2_RUNS: process.env.H2_RUNS ?? "4000",
        H2_WARM: process.env.H2_WARM ?? "4000",
      },
    },
  );
  const [code] = await once(child, "exit");
  if (code !== 0) throw new Error(`${mode}: the child exited with ${code}`);
  const counts = new Map<string, number>();
  for (const line of (await readFile(logfile, "utf8")).split("\n")) {
    // code-creation,JS,<kind>,<time>,<address>,<size>,<name and location>,<shared info>,<tier>
    if (!line.startsWith("code-creation,JS,") || !line.endsWith(",*")) continue;
    const fields = line.split(",");
    const described = fields[6] ?? "";
    const space = described.lastIndexOf(" ");
    const name = space > 0 ? described.slice(0, space) : "(anonymous)";
    const key = `${name || "(anonymous)"}  ${placeOf(described.slice(space + 1))}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

for (const mode of MODES) {
  const counts = await compilations(mode);
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  console.log(`\n${mode}: ${total} TurboFan compilations of ${counts.size} functions`);
  const again = [...counts].filter(([, count]) => count >= MIN).sort((a, b) => b[1] - a[1]);
  // Lode's own first: those are the ones to fix here; the SDK's and Node's are the floor.
  for (const [label, own] of [
    ["Lode's", true],
    ["the SDK's and Node's", false],
  ] as const) {
    const listed = again.filter(([key]) => LODE_SOURCE.test(key) === own);
    console.log(`  ${label} functions compiled ${MIN} times or more:${listed.length === 0 ? " none" : ""}`);
    for (const [key, count] of listed) console.log(`  ${String(count).padStart(4)}  ${key}`);
  }
}
