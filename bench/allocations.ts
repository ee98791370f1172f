/**
 * What one two-step tool run allocates, garbage included: V8's sampling heap profiler, told to keep the
 * objects garbage collection has since freed, over runs made one after another (after a warm-up). Unlike
 * CPU time on a shared machine, the figure hardly moves between runs, so a change of a kilobyte shows.
 * Runners, each in a child process of its own: the raw SDK loop and Lode on one plain `BedrockRuntimeClient`
 * (the SDK's defaults), Lode on its own client, and Lode against an in-process stand-in client (no network,
 * no SDK: Lode's own allocations alone). Prints KB per run, and for Lode the functions allocating most.
 *
 * Run: npx tsx bench/run-all.ts allocations   (ALLOCATION_RUNS=n changes the number of runs, ALLOCATION_RUNNERS the runners)
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFile, rm, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { Agent } from "@lode/core";
import { defineTool } from "@lode/tools";
import { z } from "zod";
import { startBenchServer } from "./support/bench-server.js";
import { rawSdkLoop } from "./support/raw-sdk-loop.js";
import { sized } from "./support/smoke.js";
import { standInClient, TEXT_TURN, TOOL_TURN } from "./support/stand-in-client.js";
import { BENCH_MODEL_ID, BENCH_PROMPT, TWO_STEP_SCRIPT, weatherFor } from "./support/two-step-script.js";

async function profileRunner(runner: Runner, out: string): Promise<void> {
  const weather = defineTool({
    name: "get_weather",
    description: "Current weather for a city",
    input: z.object({ city: z.string() }),
    run: ({ city }) => weatherFor(city),
  });
  const server = runner === "stand-in" ? undefined : await startBenchServer(TWO_STEP_SCRIPT);
  const endpoint = {
    endpoint: server?.url,
    region: "us-east-1",
    credentials: { accessKeyId: "b", secretAccessKey: "b" },
  };
  const plainClient = new BedrockRuntimeClient(endpoint);
  const agent = new Agent({
    modelId: BENCH_MODEL_ID,
    tools: [weather],
    ...(runner === "stand-in"
      ? { client: standInClient([TOOL_TURN, TEXT_TURN]) }
      : runner === "lode"
        ? { clientConfig: endpoint }
        : { client: plainClient }),
  });
  const job =
    runner === "raw-default" ? () => rawSdkLoop(plainClient, BENCH_PROMPT) : () => agent.run(BENCH_PROMPT);

  try {
    for (let run = 0; run < Math.max(50, RUNS / 4); run++) await job();
    const session = new Session();
    session.connect();
    await session.post("HeapProfiler.startSampling", {
      samplingInterval: 256,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    } as never);
    for (let run = 0; run < RUNS; run++) await job();
    const { profile } = await session.post("HeapProfiler.stopSampling");
    await writeFile(out, JSON.stringify(profile));
  } finally {
    plainClient.destroy();
    await server?.close();
  }
}

const RUNNERS = ["raw-default", "lode-plain", "lode", "stand-in"] as const;
type Runner = (typeof RUNNERS)[number];
const RUNS = Number(process.env.ALLOCATION_RUNS ?? sized(1000, 40));
const CHILD_RUNNER = process.env.LODE_ALLOCATION_CHILD as Runner | undefined;
/** `ALLOCATION_RUNNERS=lode-plain,stand-in` measures only those (while working on one path). */
const CHOSEN = RUNNERS.filter(
  (runner) => process.env.ALLOCATION_RUNNERS?.split(",").includes(runner) ?? true,
);

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

/** Each bundled line's original file, from the `// path` comments esbuild puts before each module. */
async function originalFiles(): Promise<(line: number) => string> {
  const lines = (await readFile(fileURLToPath(import.meta.url), "utf8")).split("\n");
  const fileAt: string[] = [];
  let current = "?";
  for (const line of lines) {
    if (line.startsWith("// ") && /\.(ts|js|mjs|cjs)$/.test(line)) current = line.slice(3);
    fileAt.push(current);
  }
  return (line) =>
    (fileAt[line] ?? "?").replace(/^.*node_modules\//, "").replace(/^.*packages\//, "packages/");
}

async function main(): Promise<void> {
  if (CHILD_RUNNER) {
    await profileRunner(CHILD_RUNNER, process.env.LODE_ALLOCATION_OUT ?? "allocations.json");
    return;
  }
  const fileOf = await originalFiles();
  console.log(
    `Allocated per two-step tool run (garbage included), ${RUNS} runs one after another, each runner in its own process`,
  );
  const totals = new Map<Runner, number>();
  for (const runner of CHOSEN) {
    const out = path.join(tmpdir(), `lode-allocations-${process.pid}-${runner}.json`);
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], {
      stdio: "inherit",
      env: { ...process.env, LODE_ALLOCATION_CHILD: runner, LODE_ALLOCATION_OUT: out },
    });
    const [code] = await once(child, "exit");
    if (code !== 0) throw new Error(`the ${runner} runner exited with ${code}`);
    const profile = JSON.parse(await readFile(out, "utf8")) as { head: ProfileNode };
    await rm(out, { force: true });
    const bySite = new Map<string, number>();
    let total = 0;
    const walk = (node: ProfileNode) => {
      const file = fileOf(node.callFrame.lineNumber);
      const site = `${node.callFrame.functionName || "(anonymous)"}  ${node.callFrame.url ? file : "(native)"}`;
      bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
      total += node.selfSize;
      for (const child of node.children) walk(child);
    };
    walk(profile.head);
    totals.set(runner, total / RUNS);
    console.log(`\n${runner}: ${(total / RUNS / 1024).toFixed(1)} KB a run`);
    if (runner === "raw-default") continue;
    console.log("  Lode's functions allocating most (bytes a run, inlined callees counted in their caller):");
    const lode = [...bySite].filter(([site]) => site.includes("packages/")).sort((a, b) => b[1] - a[1]);
    for (const [site, bytes] of lode.slice(0, 8))
      console.log(`  ${(bytes / RUNS).toFixed(0).padStart(7)}  ${site}`);
  }
  const raw = totals.get("raw-default");
  const plain = totals.get("lode-plain");
  if (raw === undefined || plain === undefined) return;
  console.log(
    `\nLode on a plain client allocates ${(Math.abs(plain - raw) / 1024).toFixed(1)} KB a run ${plain >= raw ? "more" : "less"} than the raw loop on it (${(plain / raw).toFixed(2)}×).`,
  );
}

await main();
