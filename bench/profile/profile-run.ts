/**
 * Profiles Lode's agent loop with `node --cpu-prof` and says where the CPU goes: signing, the SDK's
 * middleware, event-stream decoding, the HTTP handler, Lode's own code, Node and GC. The workload is bundled
 * as `pnpm bench` runs it (plain Node, no loader), with a source map to name each sample's original file.
 *
 *   npx tsx bench/profile/profile-run.ts      (PROFILE_RUNS=3000 by default; the .cpuprofile is kept)
 *
 * `PROFILE_ENTRY=../loop-overhead.ts` profiles another script instead (a path from this folder): Lode's loop
 * against an in-process stand-in client, with no network and no SDK, shows Lode's own functions alone.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { SourceMap } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleForNode } from "../support/bundle-for-node.js";
import { categoryOf } from "./categories.js";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
}

const dir = await mkdtemp(path.join(tmpdir(), "lode-profile-"));
// Inside the repository, beside run-all's bundles: the workload finds bedrock-local's CLI from there.
const bundle = fileURLToPath(new URL("../.bench-out/profile-workload.mjs", import.meta.url));
await bundleForNode(
  fileURLToPath(new URL(process.env.PROFILE_ENTRY ?? "workload.ts", import.meta.url)),
  bundle,
  { sourcemap: true },
);
const child = spawn(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${dir}`, bundle], {
  stdio: "inherit",
  env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...process.env },
});
await once(child, "exit");

const profileFile = (await readdir(dir)).find((name) => name.endsWith(".cpuprofile"));
if (!profileFile) throw new Error("no .cpuprofile was written");
const profile = JSON.parse(await readFile(path.join(dir, profileFile), "utf8")) as CpuProfile;
const map = new SourceMap(JSON.parse(await readFile(`${bundle}.map`, "utf8")));

/** The original source of a sampled frame: the bundle's mapped file, Node's own module, or a V8 pseudo-frame. */
function sourceOf(frame: ProfileNode["callFrame"]): string {
  if (frame.url.endsWith("profile-workload.mjs")) {
    const entry = map.findEntry(frame.lineNumber, frame.columnNumber);
    return "originalSource" in entry ? entry.originalSource : "bundle";
  }
  return frame.url || frame.functionName;
}

const sampleMs = (profile.endTime - profile.startTime) / 1000 / profile.samples.length;
const byCategory = new Map<string, number>();
const byFunction = new Map<string, number>();
let busy = 0;
for (const node of profile.nodes) {
  const hits = node.hitCount ?? 0;
  if (!hits || node.callFrame.functionName === "(idle)" || node.callFrame.functionName === "(program)")
    continue;
  const source = sourceOf(node.callFrame);
  const category = categoryOf(source);
  busy += hits;
  byCategory.set(category, (byCategory.get(category) ?? 0) + hits);
  const name = `${node.callFrame.functionName || "(anonymous)"}  ${source.replace(/^.*node_modules\//, "").replace(/^.*\/packages\//, "packages/")}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + hits);
}

const runs = Number(process.env.PROFILE_RUNS ?? 3000) + 500;
const share = (hits: number) =>
  `${((100 * hits) / busy).toFixed(1).padStart(5)} %  ${((hits * sampleMs * 1000) / runs).toFixed(0).padStart(5)} µs a run`;
console.log(
  `\nCPU profile: ${(busy * sampleMs).toFixed(0)} ms busy (idle and (program) left out), ${profileFile} in ${dir}`,
);
console.log("where the CPU goes                     | share of busy CPU");
for (const [category, hits] of [...byCategory].sort((a, b) => b[1] - a[1]))
  console.log(`${category.padEnd(38)} | ${share(hits)}`);
const top = (filter: (name: string) => boolean, count: number) =>
  [...byFunction]
    .filter(([name]) => filter(name))
    .sort((a, b) => b[1] - a[1])
    .slice(0, count);
console.log("\nthe 20 functions with the most self time:");
for (const [name, hits] of top(() => true, 20)) console.log(`${share(hits)}  ${name}`);
console.log("\nLode's 25 functions with the most self time:");
for (const [name, hits] of top((name) => name.includes("packages/"), 25))
  console.log(`${share(hits)}  ${name}`);
