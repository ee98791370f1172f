/**
 * Time to the first text token through each way of streaming a run to a UI, against direct iteration of
 * `agent.stream()`: the in-process adapters (`toEventStream`, `toUIMessageStream`) and the HTTP ones over
 * loopback (`pipeSseToNodeResponse` and `toSseResponse` read back by `readAgentEvents`, the UI message
 * stream read as SSE). The HTTP client runs in a worker thread, as a browser runs apart from the server,
 * so its work does not hold up the run's; a canned one-event response gives the floor HTTP itself costs.
 * Each run is read to its end; each round runs every contender once, in rotating order, so drift in the
 * machine's load hits them alike. Prints the median and p95 per contender and the median added over direct iteration. Bounded:
 * `runs` per contender, and it stops early after `budgetSeconds`.
 *
 *   npx tsx bench/adapter-first-token.ts [runs=200] [budgetSeconds=60]
 */
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { Agent, type AgentEvent, toEventStream, toUIMessageStream } from "@lode/core";
import { type ROUTES, startAdapterServer } from "./support/adapter-server.js";
import { createBenchClient, startBenchServer } from "./support/bench-server.js";
import { HTTP_READERS } from "./support/first-token-client.js";
import { sized } from "./support/smoke.js";
import { median, percentile } from "./support/stats.js";
import { BENCH_MODEL_ID } from "./support/two-step-script.js";

const PROMPT = "Say hello.";

if (isMainThread) await main();
else serveClientRequests();

/** The worker: reads `count` runs from a route when asked, and answers with the first-token times. */
function serveClientRequests(): void {
  const { url } = workerData as { url: string };
  parentPort!.on("message", async ({ route, count }: { route: keyof typeof ROUTES; count: number }) => {
    const times: number[] = [];
    for (let i = 0; i < count; i++) times.push(await HTTP_READERS[route](url, PROMPT));
    parentPort!.postMessage(times);
  });
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? sized(200, 3));
  const budgetMs = Number(process.argv[3] ?? 60) * 1000;
  const warmup = sized(20, 2);

  const bedrock = await startBenchServer({
    models: {
      "*": {
        turns: [
          { chunkSize: 8, text: "Hello! It is a fine day for a walk by the river, and the sun is out." },
        ],
        loop: true,
      },
    },
  });
  const client = createBenchClient(bedrock.url);
  const agent = new Agent({ modelId: BENCH_MODEL_ID, client });
  const http = await startAdapterServer(agent);
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { url: http.url } });

  const inWorker =
    (route: keyof typeof ROUTES) =>
    (count: number): Promise<number[]> =>
      new Promise((resolve) => {
        worker.once("message", resolve);
        worker.postMessage({ route, count });
      });
  const inProcess =
    (firstToken: () => Promise<number>) =>
    async (count: number): Promise<number[]> => {
      const times: number[] = [];
      for (let i = 0; i < count; i++) times.push(await firstToken());
      return times;
    };
  const isText = (event: AgentEvent) => event.type === "text-delta";
  const timeReader = async <T>(
    stream: ReadableStream<T>,
    isFirst: (chunk: T) => boolean,
    started: number,
  ) => {
    const reader = stream.getReader();
    let first = Number.NaN;
    for (let next = await reader.read(); !next.done; next = await reader.read())
      if (Number.isNaN(first) && isFirst(next.value)) first = performance.now() - started;
    return first;
  };

  const contenders: Record<string, (count: number) => Promise<number[]>> = {
    "agent.stream() directly": inProcess(async () => {
      const started = performance.now();
      let first = Number.NaN;
      for await (const event of agent.stream(PROMPT))
        if (Number.isNaN(first) && isText(event)) first = performance.now() - started;
      return first;
    }),
    toEventStream: inProcess(() =>
      timeReader(toEventStream(agent.stream(PROMPT)), isText, performance.now()),
    ),
    toUIMessageStream: inProcess(() =>
      timeReader(
        toUIMessageStream(agent.stream(PROMPT)),
        (chunk) => chunk.type === "text-delta",
        performance.now(),
      ),
    ),
    "HTTP: pipeSseToNodeResponse → readAgentEvents": inWorker("pipeSse"),
    "HTTP: toSseResponse → readAgentEvents": inWorker("sseResponse"),
    "HTTP: pipeUIMessageStreamToNodeResponse": inWorker("uiStream"),
    "HTTP floor: one canned event, no agent": inWorker("floor"),
  };

  try {
    for (const contender of Object.values(contenders)) await contender(warmup);
    const times = new Map(Object.keys(contenders).map((name) => [name, [] as number[]]));
    const entries = Object.entries(contenders);
    const deadline = performance.now() + budgetMs;
    // One run of each contender per round, the order rotating: none always runs first, or after another.
    for (let round = 0; round < runs && performance.now() < deadline; round++) {
      for (let i = 0; i < entries.length; i++) {
        const [name, contender] = entries[(round + i) % entries.length]!;
        times.get(name)!.push(...(await contender(1)));
      }
    }

    const direct = median(times.get("agent.stream() directly")!);
    console.log(`Time to first text token (ms), one run at a time; bedrock-local ${bedrock.kind}`);
    console.log("contender                                       | runs | median |    p95 | median − direct");
    for (const [name, samples] of times) {
      console.log(
        [
          name.padEnd(47),
          String(samples.length).padStart(4),
          median(samples).toFixed(3).padStart(6),
          percentile(samples, 0.95).toFixed(3).padStart(6),
          (median(samples) - direct).toFixed(3).padStart(15),
        ].join(" | "),
      );
    }
  } finally {
    await worker.terminate();
    await http.close();
    client.destroy();
    await bedrock.close();
  }
}
