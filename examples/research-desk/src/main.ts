import { LodeError } from "@lode/core";
import type { GraphEvent } from "@lode/graph";
import { openModelBackend } from "./model-backend.js";
import { createProgressRenderer, terminalStyles, usageTable } from "./render-events.js";
import { createResearchAgents } from "./research-agents.js";
import { createResearchGraph } from "./research-graph.js";
import { runDurably } from "./run-durable.js";

/** What the desk researches. */
export const TOPIC = "How do honeybee colonies survive the winter?";

/** Failures that mean Amazon Bedrock is not set up on this machine, rather than a failed run. */
const SETUP_FAILURES = new Set(["missing-credentials", "missing-region", "endpoint-unreachable"]);

async function main(): Promise<void> {
  const styles = terminalStyles(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  const write = (text: string) => process.stdout.write(text);
  const backend = await openModelBackend();
  write(styles.dim(`${backend.description}\n`));
  try {
    const desk = createResearchGraph(
      createResearchAgents({ models: backend.models, ...(backend.client ? { client: backend.client } : {}) }),
    );
    write(`\n${styles.bold("topic:")} ${TOPIC}\n\n`);
    const render = createProgressRenderer(write, styles);
    // `--durable`: the same graph as a job on Redis, run by a worker, its events read from the run's stream.
    const durable = process.argv.includes("--durable");
    if (durable) write(styles.dim("as a durable job on Redis (one worker, in this process)\n\n"));
    const result = durable ? await runDurably(desk, { topic: TOPIC }, render) : await inProcess(desk, render);

    write(`\n${styles.dim(`${result.status} in ${result.steps} steps, ${result.durationMs} ms`)}\n`);
    const report = result.state.draft;
    if (report) {
      write(`\n${styles.bold(`# ${report.title}`)}\n\n${report.body}\n\n`);
      write(`Sources: ${report.sources.join(", ")}\n`);
    }
    write(`\n${usageTable(result.usageByAgent, styles)}`);
    write(`\n${styles.bold("The graph (Mermaid):")}\n${desk.toMermaid()}`);
  } finally {
    await backend.close();
  }
}

/** The research run here, its events rendered as they come. */
async function inProcess(desk: ReturnType<typeof createResearchGraph>, render: (event: GraphEvent) => void) {
  const stream = desk.stream({ topic: TOPIC });
  for await (const event of stream) render(event);
  return stream.result;
}

main().catch((error: unknown) => {
  const message = LodeError.isInstance(error) ? `${error.code}: ${error.message}` : String(error);
  process.stderr.write(`\nThe research desk failed: ${message}\n`);
  // A node that fails fails the graph with its error's code.
  if (LodeError.isInstance(error) && SETUP_FAILURES.has(error.code)) {
    process.stderr.write(
      "LODE_MODEL_ID is set, so the desk calls Amazon Bedrock; unset it for the scripted demo.\n",
    );
  }
  process.exitCode = 1;
});
