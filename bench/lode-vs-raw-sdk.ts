/**
 * Lode's agent loop against a hand-written loop on the raw SDK: N runs of the same two-step tool
 * conversation, against the same bedrock-local, same HTTP handler. Prints time per run and the ratio.
 * Goal: Lode within 10% of the raw loop.
 *
 *   npx tsx bench/lode-vs-raw-sdk.ts [runs=400] [concurrency=1,16]
 */
import { Agent } from "@lode/core";
import { defineTool } from "@lode/tools";
import { z } from "zod";
import { createBenchClient, startBenchServer } from "./support/bench-server.js";
import { rawSdkLoop } from "./support/raw-sdk-loop.js";
import { sized } from "./support/smoke.js";
import { BENCH_MODEL_ID, BENCH_PROMPT, TWO_STEP_SCRIPT, weatherFor } from "./support/two-step-script.js";

const runs = Number(process.argv[2] ?? sized(400, 8));
const concurrencies = (process.argv[3] ?? "1,16").split(",").map(Number);
const ROUNDS = sized(4, 2);
const WARM_UP_RUNS = sized(50, 4);

const server = await startBenchServer(TWO_STEP_SCRIPT);
const client = createBenchClient(server.url);
const weather = defineTool({
  name: "get_weather",
  description: "Current weather for a city",
  input: z.object({ city: z.string() }),
  run: ({ city }) => weatherFor(city),
});
const agent = new Agent({ modelId: BENCH_MODEL_ID, tools: [weather], client });

const contenders: Record<"raw SDK loop" | "Lode agent.run", () => Promise<unknown>> = {
  "raw SDK loop": () => rawSdkLoop(client, BENCH_PROMPT),
  "Lode agent.run": () => agent.run(BENCH_PROMPT),
};

/**
 * Runs `count` calls of `task`, `concurrency` at a time; resolves to elapsed and client-CPU milliseconds.
 * CPU is this process's alone (bedrock-local runs in its own), and far steadier than wall time on a
 * shared machine: when the client is CPU-bound it is what Lode's overhead is made of.
 */
async function timeRuns(
  task: () => Promise<unknown>,
  count: number,
  concurrency: number,
): Promise<{ wall: number; cpu: number }> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        await task();
      }
    }),
  );
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

try {
  for (const task of Object.values(contenders)) await timeRuns(task, WARM_UP_RUNS, 4); // warm up both paths
  console.log(
    `Lode vs raw SDK loop: ${runs} two-step tool runs per contender, ${ROUNDS} interleaved rounds, server ${server.kind}`,
  );
  console.log(
    "concurrency | raw SDK ms/run | Lode ms/run | Lode / raw | raw CPU ms/run | Lode CPU ms/run | CPU Lode / raw",
  );
  for (const concurrency of concurrencies) {
    const totals = { "raw SDK loop": { wall: 0, cpu: 0 }, "Lode agent.run": { wall: 0, cpu: 0 } };
    // Interleave rounds so drift in the machine's load hits both contenders alike.
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, task] of Object.entries(contenders) as [
        keyof typeof totals,
        () => Promise<unknown>,
      ][]) {
        const { wall, cpu } = await timeRuns(task, runs / ROUNDS, concurrency);
        totals[name].wall += wall;
        totals[name].cpu += cpu;
      }
    }
    const raw = totals["raw SDK loop"].wall / runs;
    const lode = totals["Lode agent.run"].wall / runs;
    const rawCpu = totals["raw SDK loop"].cpu / runs;
    const lodeCpu = totals["Lode agent.run"].cpu / runs;
    console.log(
      `${String(concurrency).padStart(11)} | ${raw.toFixed(3).padStart(14)} | ${lode.toFixed(3).padStart(11)} | ${(lode / raw).toFixed(3).padStart(10)} | ${rawCpu.toFixed(3).padStart(14)} | ${lodeCpu.toFixed(3).padStart(15)} | ${(lodeCpu / rawCpu).toFixed(3)}`,
    );
  }
} finally {
  client.destroy();
  await server.close();
}
