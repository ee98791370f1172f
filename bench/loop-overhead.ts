/**
 * Lode's own CPU per run, with nothing else in the way: the agent talks to an in-process stand-in for the
 * Bedrock client that hands back ConverseStream events already parsed, so no network, no server and no SDK
 * parsing count. What is left is the loop: the request built, every event assembled, stamped and delivered,
 * the tool-call pipeline, the transcript. Two jobs: a text answer (one step), and a question answered by two
 * parallel tool calls, then text (two steps). Figures are CPU microseconds per run, median of rounds.
 *
 * Run: npx tsx bench/run-all.ts loop-overhead
 */
import { Agent } from "@lode/core";
import { defineTool } from "@lode/tools";
import { z } from "zod";
import { sized } from "./support/smoke.js";
import { standInClient, TEXT_TURN, TOOL_TURN } from "./support/stand-in-client.js";
import { median } from "./support/stats.js";

const weather = defineTool({
  name: "get_weather",
  description: "The weather in a city.",
  input: z.object({ city: z.string() }),
  run: ({ city }) => ({ city, sky: "sunny" }),
});

async function cpuPerRun(agent: Agent, runs: number): Promise<number> {
  const before = process.cpuUsage();
  for (let run = 0; run < runs; run++) await agent.run("Weather in Paris and Oslo?");
  const used = process.cpuUsage(before);
  return (used.user + used.system) / runs;
}

const jobs = [
  { name: "text answer (1 step)", agent: new Agent({ modelId: "m", client: standInClient([TEXT_TURN]) }) },
  {
    name: "two tool calls, then text (2 steps)",
    agent: new Agent({ modelId: "m", client: standInClient([TOOL_TURN, TEXT_TURN]), tools: [weather] }),
  },
];
const ROUNDS = sized(7, 2);
const RUNS = sized(3_000, 5);
for (const job of jobs) await cpuPerRun(job.agent, RUNS);
const samples = new Map(jobs.map((job) => [job.name, [] as number[]]));
for (let round = 0; round < ROUNDS; round++)
  for (const job of jobs) samples.get(job.name)?.push(await cpuPerRun(job.agent, RUNS));

console.log(`Lode's own CPU per run (µs), median of ${ROUNDS} rounds of ${RUNS} runs; no network, no SDK`);
for (const job of jobs)
  console.log(`${job.name.padEnd(38)} ${median(samples.get(job.name) ?? []).toFixed(1)}`);
