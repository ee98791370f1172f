/**
 * What several agents add to a run: a handoff (triage hands the conversation to billing) and a sub-agent call
 * (`agent.asTool()`, a supervisor), each against one agent making the same number of model calls.
 * bedrock-local answers at once (0 ms model latency, in a child process), so what differs is Lode's own work.
 *
 *   A   one agent: a tool call, then the answer (2 model calls); A3 and A4 the same with 3 and 4 calls
 *   B   triage calls transfer_to_billing, billing answers (2 model calls and a handoff)
 *   C   a supervisor calls a sub-agent through asTool, then answers (3 model calls: 2 its own, 1 the sub-agent's)
 *   D   a supervisor calls two sub-agents in parallel in one step, then answers (4 model calls)
 *
 * Every agent uses Lode's default client, as a user configured by an endpoint gets it. CPU is this process's
 * (Lode, the SDK, the transport; not the server's); wall time is per run, one run after another. Both are
 * medians of interleaved rounds. Heap per run in flight: many runs held at once at their last model call(s)
 * (everything the run built, the handoff's target or the sub-runs, alive), heap used after a full GC against
 * before, per run.
 *
 * Run: npx tsx bench/run-all.ts multi-agent-overhead
 */
import { availableParallelism, loadavg } from "node:os";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { ConverseStreamRequest } from "@aws-sdk/client-bedrock-runtime";
import type { RunInstrumentation, RunResult } from "@lode/core";
import { startBenchServer } from "./support/bench-server.js";
import {
  createDesk,
  DESK_ANSWER,
  DESK_PROMPT,
  DESK_SCRIPT,
  type DeskConfig,
} from "./support/multi-agent-desk.js";
import { sized } from "./support/smoke.js";
import { median, percentile } from "./support/stats.js";

// Many short rounds rather than a few long ones: a burst of load from elsewhere on the machine then falls on
// every configuration alike, and the median of rounds drops it.
const ROUNDS = sized(24, 2);
const RUNS = sized(20, 2);
const IN_FLIGHT = sized(100, 5);
const HEAP_TRIALS = sized(3, 1);

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

interface Sample {
  cpu: number;
  wall: number;
}

async function perRun(config: DeskConfig, runs: number): Promise<Sample> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let run = 0; run < runs; run++) await config.agent.run(DESK_PROMPT);
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / runs, wall: (wall * 1000) / runs };
}

/** A broken configuration would measure nothing: each must end on the answer, with its model calls. */
function checkRun(config: DeskConfig, result: RunResult<unknown>): void {
  const calls = result.usageByAgent.reduce((sum, agent) => sum + agent.modelCalls, 0);
  if (result.text !== DESK_ANSWER || calls !== config.modelCalls)
    throw new Error(
      `${config.key}: ended on ${JSON.stringify(result.text)} (${result.stopReason}) after ${calls} model calls, expected ${config.modelCalls}`,
    );
}

/** An instrumentation that holds the model calls `hold` names until `release`: runs kept in flight. */
function parkingLot() {
  let parkAt: ((request: ConverseStreamRequest) => boolean) | undefined;
  let expected = 0;
  let full = () => {};
  const waiting: (() => void)[] = [];
  const instrumentation: RunInstrumentation = {
    startRun: () => ({
      modelCall: ({ request }) => ({
        send: async (send) => {
          if (parkAt?.(request))
            await new Promise<void>((resolve) => {
              waiting.push(resolve);
              if (waiting.length === expected) full();
            });
          return send();
        },
        firstChunk() {},
        retry() {},
        end() {},
      }),
      toolCall: (_call, run) => run(),
      event() {},
    }),
  };
  return {
    instrumentation,
    /** Resolves once `count` calls matching `rule` are held. */
    hold(rule: (request: ConverseStreamRequest) => boolean, count: number): Promise<void> {
      parkAt = rule;
      expected = count;
      return new Promise((resolve) => {
        full = resolve;
      });
    },
    release(): void {
      parkAt = undefined;
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
}

async function heapPerRunInFlight(config: DeskConfig, lot: ReturnType<typeof parkingLot>): Promise<number> {
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const held = lot.hold(config.parkAt, IN_FLIGHT * config.parkedPerRun);
  const runs = Array.from({ length: IN_FLIGHT }, () => config.agent.run(DESK_PROMPT));
  await held;
  collectGarbage();
  const during = process.memoryUsage().heapUsed;
  lot.release();
  for (const result of await Promise.all(runs)) checkRun(config, result);
  return (during - before) / IN_FLIGHT;
}

const loadBefore = loadavg()[0] ?? 0;
const server = await startBenchServer(DESK_SCRIPT);
const desk = createDesk(server.url);
const lot = parkingLot();
const heldDesk = createDesk(server.url, lot.instrumentation);
const samples = new Map<string, Sample[]>();
const heap = new Map<string, number[]>();
try {
  for (const config of desk.configs) {
    checkRun(config, await config.agent.run(DESK_PROMPT));
    await perRun(config, RUNS);
  }
  // Each round starts with another configuration, so none always runs first (or last) in a round.
  for (let round = 0; round < ROUNDS; round++)
    for (let index = 0; index < desk.configs.length; index++) {
      const config = desk.configs[(round + index) % desk.configs.length] as DeskConfig;
      const sample = await perRun(config, RUNS);
      samples.set(config.key, [...(samples.get(config.key) ?? []), sample]);
    }
  for (const config of heldDesk.configs) await heapPerRunInFlight(config, lot);
  for (let trial = 0; trial < HEAP_TRIALS; trial++)
    for (const config of heldDesk.configs)
      heap.set(config.key, [...(heap.get(config.key) ?? []), await heapPerRunInFlight(config, lot)]);
} finally {
  await Promise.all([desk.close(), heldDesk.close()]);
  await server.close();
}

interface Figures {
  config: DeskConfig;
  cpu: number;
  wall: number;
  cpuRounds: number[];
  heapKb: number;
}
const figures = new Map<string, Figures>(
  desk.configs.map((config) => {
    const rounds = samples.get(config.key) ?? [];
    const cpuRounds = rounds.map((sample) => sample.cpu);
    const heapKb = median(heap.get(config.key) ?? []) / 1024;
    const wall = median(rounds.map((sample) => sample.wall));
    return [config.key, { config, cpu: median(cpuRounds), wall, cpuRounds, heapKb }];
  }),
);

console.log(
  `Multi-agent overhead, bedrock-local ${server.kind} (0 ms model latency), Lode's default client;` +
    ` medians of ${ROUNDS} interleaved rounds of ${RUNS} runs; heap: ${IN_FLIGHT} runs in flight, median of ${HEAP_TRIALS}`,
);
// Figures from a busy machine are not comparable with a quiet one's: say how busy it was.
console.log(
  `load average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? 0).toFixed(1)} after, on ${availableParallelism()} cores`,
);
console.log(
  `${"configuration".padEnd(40)} calls  runs/s  wall µs/run  CPU µs/run  CPU µs/call  CPU rounds (IQR)  heap KB/run`,
);
for (const { config, cpu, wall, cpuRounds, heapKb } of figures.values()) {
  const spread = `${percentile(cpuRounds, 0.25).toFixed(0)}–${percentile(cpuRounds, 0.75).toFixed(0)}`;
  console.log(
    `${`${config.key.padEnd(3)} ${config.label}`.padEnd(40)} ${String(config.modelCalls).padStart(5)}` +
      `  ${(1e6 / wall).toFixed(0).padStart(6)}  ${wall.toFixed(0).padStart(11)}  ${cpu.toFixed(0).padStart(10)}` +
      `  ${(cpu / config.modelCalls).toFixed(0).padStart(11)}  ${spread.padStart(16)}  ${heapKb.toFixed(1).padStart(11)}`,
  );
}

function signed(value: number, digits = 0): string {
  return `${value >= 0 ? "+" : ""}${value.toFixed(digits)}`;
}

/** `key` against `baseline`: what it adds per run, in CPU, wall time and heap, and the ratios. */
function overhead(title: string, key: string, baseline: string): void {
  const a = figures.get(key);
  const b = figures.get(baseline);
  if (!a || !b) return;
  console.log(
    `${title.padEnd(44)} CPU ${signed(a.cpu - b.cpu).padStart(6)} µs/run (×${(a.cpu / b.cpu).toFixed(2)})` +
      `  wall ${signed(a.wall - b.wall).padStart(6)} µs/run (×${(a.wall / b.wall).toFixed(2)})` +
      `  heap ${signed(a.heapKb - b.heapKb, 1).padStart(6)} KB/run`,
  );
}

console.log(
  "\nWhat each adds, per run, against one agent with as many model calls" +
    " (a difference inside the rounds' IQR above is this machine's noise, not the configuration's cost):",
);
overhead("a handoff (B vs A, 2 calls each)", "B", "A");
overhead("a sub-agent call (C vs A3, 3 calls each)", "C", "A3");
overhead("two parallel sub-agents (D vs A4, 4 calls)", "D", "A4");
overhead("the second sub-agent, in parallel (D vs C)", "D", "C");
const a = figures.get("A");
const c = figures.get("C");
if (a && c) {
  const perCallA = a.cpu / a.config.modelCalls;
  const perCallC = c.cpu / c.config.modelCalls;
  console.log(
    `CPU per model call: C ${perCallC.toFixed(0)} µs against A ${perCallA.toFixed(0)} µs` +
      ` (×${(perCallC / perCallA).toFixed(2)}); C as 3 of A's calls: ${signed(c.cpu - 3 * perCallA)} µs/run`,
  );
}
