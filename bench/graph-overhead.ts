/**
 * What the graph runtime (@lode/graph) costs of its own per node: each graph against the same work done by hand.
 *
 *   F1  10 functions called one after another by hand;   F1g the same chain as a graph; F1c with a checkpointer
 *   F2  10 branches by Promise.all, then a join, by hand; F2g the same fan-out as a graph; F2c with a checkpointer
 *   A1  3 agents run one after another by hand;           A1g the same chain of agent nodes as a graph
 *   A2  one agent's 3 runs by Promise.all;                A2g the same as a graph, a 3-way fanOut
 *
 * By hand, a function's update is merged as the graph's reducers would (`count` replaced, `trail` appended),
 * without the graph's checks; so a graph's figure minus its twin's is the runtime's own work: planning steps,
 * events, the per-key zod check of every update, records, the checkpoint. The checkpointer serialises the
 * whole checkpoint as `@lode/durable` does (`stringifyWithBytes`), after every node and every step, and keeps
 * nothing else. Agents call bedrock-local in a child process at 0 ms model latency, each with Lode's default
 * client. CPU is this process's; wall time is per run, one run after another; both medians of interleaved rounds.
 *
 * Run: npx tsx bench/run-all.ts graph-overhead
 */
import { availableParallelism, loadavg } from "node:os";
import { startBenchServer } from "./support/bench-server.js";
import { AGENT_SCRIPT, agentConfigs, functionConfigs, type GraphConfig } from "./support/graph-desk.js";
import { sized } from "./support/smoke.js";
import { median, percentile } from "./support/stats.js";

// Many short rounds rather than a few long ones: a burst of load from elsewhere on the machine then falls on
// every configuration alike, and the median of rounds drops it.
const ROUNDS = sized(24, 2);
const FUNCTION_RUNS = sized(100, 3);
const AGENT_RUNS = sized(20, 2);

interface Sample {
  cpu: number;
  wall: number;
}

async function perRun(config: GraphConfig, runs: number): Promise<Sample> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let run = 0; run < runs; run++) await config.run();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / runs, wall: (wall * 1000) / runs };
}

/** Each config once (it throws unless it ends right), a warm-up, then interleaved rounds. */
async function measure(configs: readonly GraphConfig[], runs: number): Promise<Map<string, Sample[]>> {
  const samples = new Map<string, Sample[]>();
  for (const config of configs) {
    await config.run();
    await perRun(config, runs);
  }
  // Each round starts with another configuration, so none always runs first (or last) in a round.
  for (let round = 0; round < ROUNDS; round++)
    for (let index = 0; index < configs.length; index++) {
      const config = configs[(round + index) % configs.length] as GraphConfig;
      samples.set(config.key, [...(samples.get(config.key) ?? []), await perRun(config, runs)]);
    }
  return samples;
}

const loadBefore = loadavg()[0] ?? 0;
const functions = functionConfigs();
const functionSamples = await measure(functions, FUNCTION_RUNS);
const server = await startBenchServer(AGENT_SCRIPT);
const agents = agentConfigs(server.url);
let agentSamples: Map<string, Sample[]>;
try {
  agentSamples = await measure(agents.configs, AGENT_RUNS);
} finally {
  await agents.close();
  await server.close();
}

interface Figures {
  config: GraphConfig;
  rounds: Sample[];
  cpu: number;
  wall: number;
}
const figures = new Map<string, Figures>();
for (const [configs, samples] of [
  [functions, functionSamples],
  [agents.configs, agentSamples],
] as const)
  for (const config of configs) {
    const rounds = samples.get(config.key) ?? [];
    figures.set(config.key, {
      config,
      rounds,
      cpu: median(rounds.map((sample) => sample.cpu)),
      wall: median(rounds.map((sample) => sample.wall)),
    });
  }

console.log(
  `Graph overhead: functions in-process (${FUNCTION_RUNS} runs a round), agents against bedrock-local ${server.kind}` +
    ` (0 ms model latency, ${AGENT_RUNS} runs a round), Lode's default client; medians of ${ROUNDS} interleaved rounds`,
);
// Figures from a busy machine are not comparable with a quiet one's: say how busy it was.
console.log(
  `load average ${loadBefore.toFixed(1)} before, ${(loadavg()[0] ?? 0).toFixed(1)} after, on ${availableParallelism()} cores`,
);
console.log(`${"configuration".padEnd(44)} nodes  wall µs/run  CPU µs/run  CPU µs/node  CPU rounds (IQR)`);
for (const { config, cpu, wall, rounds } of figures.values()) {
  const cpuRounds = rounds.map((sample) => sample.cpu);
  const spread = `${percentile(cpuRounds, 0.25).toFixed(0)}–${percentile(cpuRounds, 0.75).toFixed(0)}`;
  console.log(
    `${`${config.key.padEnd(3)} ${config.label}`.padEnd(44)} ${String(config.nodes).padStart(5)}` +
      `  ${wall.toFixed(0).padStart(11)}  ${cpu.toFixed(0).padStart(10)}  ${(cpu / config.nodes).toFixed(1).padStart(11)}` +
      `  ${spread.padStart(16)}`,
  );
}

function signed(value: number, digits = 1): string {
  return `${value >= 0 ? "+" : ""}${value.toFixed(digits)}`;
}

/**
 * `key` against `baseline`, per node: the difference of the medians, and the IQR of the rounds' own
 * differences (each round ran both, moments apart), which says how much of it is this machine's noise.
 */
function overhead(title: string, key: string, baseline: string): void {
  const a = figures.get(key);
  const b = figures.get(baseline);
  if (!a || !b) return;
  const nodes = a.config.nodes;
  const paired = (pick: (sample: Sample) => number) => {
    const differences = a.rounds.map((sample, round) => {
      const other = b.rounds[round];
      return other ? (pick(sample) - pick(other)) / nodes : 0;
    });
    return `${percentile(differences, 0.25).toFixed(1)}…${percentile(differences, 0.75).toFixed(1)}`;
  };
  console.log(
    `${title.padEnd(46)} CPU ${signed((a.cpu - b.cpu) / nodes).padStart(7)} µs/node (${paired((s) => s.cpu).padStart(11)})` +
      `  wall ${signed((a.wall - b.wall) / nodes).padStart(7)} µs/node (${paired((s) => s.wall).padStart(11)})` +
      `  ×${(a.cpu / b.cpu).toFixed(2)} CPU`,
  );
}

console.log(
  "\nWhat the graph adds per node (difference of medians; in brackets the IQR of the rounds' paired differences):",
);
overhead("chain of 10 functions (F1g vs F1)", "F1g", "F1");
overhead("  with a serialising checkpointer (F1c vs F1)", "F1c", "F1");
overhead("  the checkpointer alone (F1c vs F1g)", "F1c", "F1g");
overhead("10-way fan-out + join (F2g vs F2)", "F2g", "F2");
overhead("  with a serialising checkpointer (F2c vs F2)", "F2c", "F2");
overhead("  the checkpointer alone (F2c vs F2g)", "F2c", "F2g");
overhead("chain of 3 agents (A1g vs A1)", "A1g", "A1");
overhead("3 agents in parallel, fanOut (A2g vs A2)", "A2g", "A2");
