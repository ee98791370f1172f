/**
 * Lode's CPU and wall time per run against the raw loop's on the same plain `BedrockRuntimeClient` (the SDK's
 * default HTTP/2 handler), each run of each in a process of its own, alternating, and the figure taken as the
 * minimum over rounds: on a machine shared with others, load only ever adds CPU time, so the least a
 * configuration took is its steadiest figure. The child is `h2-teardown.ts`, bundled as `pnpm bench` runs
 * code. `GAP_MODES` adds other modes of the child: each as users make it, `lode-own` (Lode on its own
 * transport) and `raw-keepalive` (the raw loop on HTTP/1.1 keep-alive), which the other targets
 * compare with the raw loop, or its raw variants (`raw-signal`, `raw-mw`, `raw-reader`). `GAP_ROUNDS` and
 * `GAP_IN_FLIGHT` change the rounds and runs in flight (100; 1 runs without model latency).
 *
 *   npx tsx bench/profile/plain-gap.ts
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { bundleForNode } from "../support/bundle-for-node.js";

const MODES = ["raw", "lode", ...(process.env.GAP_MODES?.split(",").filter(Boolean) ?? [])];
const ROUNDS = Number(process.env.GAP_ROUNDS ?? 4);
const IN_FLIGHT = Number(process.env.GAP_IN_FLIGHT ?? 100);

const bundle = fileURLToPath(new URL("../.bench-out/plain-gap-child.mjs", import.meta.url));
await bundleForNode(fileURLToPath(new URL("h2-teardown.ts", import.meta.url)), bundle);

/** One child's CPU µs and wall ms per run in `mode`. */
async function perRun(mode: string): Promise<{ cpuUsPerRun: number; wallMsPerRun: number }> {
  const child = spawn(process.execPath, [bundle], {
    stdio: ["ignore", "pipe", "ignore"],
    env: {
      ...process.env,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      H2_MODE: mode,
      H2_IN_FLIGHT: String(IN_FLIGHT),
      H2_LATENCY: IN_FLIGHT === 1 ? "0" : "50",
      H2_RUNS: IN_FLIGHT === 1 ? "800" : "2000",
      H2_WARM: "400",
    },
  });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  const line = output.split("\n").find((text) => text.startsWith("{"));
  if (code !== 0 || !line) throw new Error(`${mode}: the child exited with ${code}`);
  return JSON.parse(line) as { cpuUsPerRun: number; wallMsPerRun: number };
}

const cpu = new Map<string, number[]>(MODES.map((mode) => [mode, []]));
const wall = new Map<string, number[]>(MODES.map((mode) => [mode, []]));
for (let round = 0; round < ROUNDS; round++)
  for (const mode of MODES) {
    const figures = await perRun(mode);
    cpu.get(mode)?.push(figures.cpuUsPerRun);
    wall.get(mode)?.push(figures.wallMsPerRun);
  }

const least = (samples: Map<string, number[]>, mode: string) => Math.min(...(samples.get(mode) ?? []));
const ratio = (samples: Map<string, number[]>, mode: string) =>
  (least(samples, mode) / least(samples, "raw")).toFixed(2);
console.log(
  `Per two-step run, ${IN_FLIGHT} in flight, one process per run of each, least of ${ROUNDS} rounds`,
);
for (const mode of MODES)
  console.log(
    `${mode.padEnd(14)} CPU ${String(least(cpu, mode)).padStart(5)} µs ×${ratio(cpu, mode)}   wall ${least(wall, mode).toFixed(2)} ms ×${ratio(wall, mode)}   CPU rounds ${cpu.get(mode)?.join(" ")}`,
  );
