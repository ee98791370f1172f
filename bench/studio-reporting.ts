/**
 * What reporting to Lode Studio costs an agent: the two-step tool job run with no instrumentation, with
 * `studio()` reporting to a live studio, to one that is down (a closed port) and to one that accepts
 * connections and never answers. Interleaved rounds; CPU and wall time per run, as ratios to no reporter.
 * The studio must never slow or fail the agent: the down and hanging columns should read like the first.
 *
 *   npx tsx bench/studio-reporting.ts [runs=400]
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, type RunInstrumentation } from "@lode/core";
import { startStudio, studio } from "@lode/studio";
import { defineTool } from "@lode/tools";
import { z } from "zod";
import { createBenchClient, startBenchServer } from "./support/bench-server.js";
import { sized } from "./support/smoke.js";
import { BENCH_MODEL_ID, BENCH_PROMPT, TWO_STEP_SCRIPT, weatherFor } from "./support/two-step-script.js";

const runs = Number(process.argv[2] ?? sized(400, 8));
const ROUNDS = sized(4, 2);
const WARM_UP_RUNS = sized(40, 4);
const CONCURRENCY = 4;

const server = await startBenchServer(TWO_STEP_SCRIPT);
const client = createBenchClient(server.url);
const live = await startStudio({ maxRuns: 10_000 });
const down = await closedPort();
const hanging = await silentServer();
const weather = defineTool({
  name: "get_weather",
  description: "Current weather for a city",
  input: z.object({ city: z.string() }),
  run: ({ city }) => weatherFor(city),
});
const agentWith = (instrumentation?: RunInstrumentation) =>
  new Agent({
    modelId: BENCH_MODEL_ID,
    tools: [weather],
    client,
    ...(instrumentation ? { instrumentation } : {}),
  });
const token = new URL(live.url).searchParams.get("token");
const contenders = {
  "no reporter": agentWith(),
  "live studio": agentWith(studio({ url: live.url })),
  "studio down": agentWith(studio({ url: `http://127.0.0.1:${down}/?token=${token}` })),
  "studio hangs": agentWith(
    studio({ url: `http://127.0.0.1:${hanging.port}/?token=${token}`, timeoutMs: 60_000 }),
  ),
};
type Name = keyof typeof contenders;

async function timeRuns(agent: Agent, count: number): Promise<{ wall: number; cpu: number; failed: number }> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        next++;
        await agent.run(BENCH_PROMPT).catch(() => failed++);
      }
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  return { wall: performance.now() - started, cpu: (cpu.user + cpu.system) / 1000, failed };
}

try {
  for (const agent of Object.values(contenders)) await timeRuns(agent, WARM_UP_RUNS);
  const totals = Object.fromEntries(
    Object.keys(contenders).map((name) => [name, { wall: 0, cpu: 0, failed: 0 }]),
  ) as Record<Name, { wall: number; cpu: number; failed: number }>;
  for (let round = 0; round < ROUNDS; round++)
    for (const [name, agent] of Object.entries(contenders) as [Name, Agent][]) {
      const { wall, cpu, failed } = await timeRuns(agent, runs / ROUNDS);
      totals[name].wall += wall;
      totals[name].cpu += cpu;
      totals[name].failed += failed;
    }
  console.log(
    `Reporting to Lode Studio: ${runs} two-step runs each, ${CONCURRENCY} at a time, ${ROUNDS} rounds`,
  );
  console.log("reporter      | ms/run | CPU ms/run | ÷ none (wall) | ÷ none (CPU) | failed runs");
  const base = totals["no reporter"];
  for (const [name, total] of Object.entries(totals) as [Name, (typeof totals)[Name]][]) {
    console.log(
      `${name.padEnd(13)} | ${(total.wall / runs).toFixed(3).padStart(6)} | ${(total.cpu / runs).toFixed(3).padStart(10)} | ${(total.wall / base.wall).toFixed(3).padStart(13)} | ${(total.cpu / base.cpu).toFixed(3).padStart(12)} | ${total.failed}`,
    );
  }
  console.log(
    `the live studio holds ${live.store.size} runs; ${hanging.held()} requests held open by the hanging one`,
  );
} finally {
  client.destroy();
  await live.close();
  hanging.server.closeAllConnections();
  hanging.server.close();
  await server.close();
}

/** A port nothing listens on: a server bound, its port read, then closed. */
async function closedPort(): Promise<number> {
  const probe = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => probe.once("listening", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A server that takes every request and never answers it. */
async function silentServer(): Promise<{ server: Server; port: number; held: () => number }> {
  let held = 0;
  const server = createServer(() => {
    held++;
  }).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return { server, port: (server.address() as AddressInfo).port, held: () => held };
}
