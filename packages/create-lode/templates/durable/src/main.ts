// npm start: queues one run of the agent on Redis (REDIS_URL, default redis://127.0.0.1:6379), a worker
// takes it from the queue and runs it, and this prints the run's events as the worker writes them. Against
// bedrock-local's scripted model (model.script.json) by default; against Amazon Bedrock when LODE_MODEL_ID
// is set, with the region and credentials of the environment.
import { fileURLToPath } from "node:url";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { RunQueue, startRunWorker } from "@lode/durable";
import { createAgent, DEFAULT_MODEL_ID, QUESTION } from "./agent.js";
import { AGENT_NAME, checkRedis, REDIS_URL } from "./durable.js";

// The AWS SDK warns on Node 20 that its releases from 2027 on need Node 22; it reads this when a client
// is made, after the imports above.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const question = process.argv[2] ?? QUESTION;
const modelId = process.env.LODE_MODEL_ID;
const write = (text: string) => process.stdout.write(text);

async function main(): Promise<void> {
  await checkRedis();
  // bedrock-local is a dev dependency: loaded only when it is used.
  const local = modelId
    ? undefined
    : await (await import("@lode/bedrock-local")).startBedrockLocal({
        script: fileURLToPath(new URL("../model.script.json", import.meta.url)),
      });
  // maxAttempts: 1, because Lode retries itself.
  const client = local ? new BedrockRuntimeClient({ ...local.clientConfig, maxAttempts: 1 }) : undefined;
  const agent = createAgent({ modelId: modelId ?? DEFAULT_MODEL_ID, ...(client ? { client } : {}) });
  // In production workers are processes of their own (`npm run worker`, as many as you like); this one
  // shares the process so that `npm start` needs nothing else running.
  const worker = await startRunWorker({ url: REDIS_URL, agents: { [AGENT_NAME]: agent } });
  const queue = new RunQueue({ url: REDIS_URL });
  try {
    write(
      local
        ? "(bedrock-local's scripted model; set LODE_MODEL_ID for Amazon Bedrock)\n"
        : `(Amazon Bedrock, ${modelId})\n`,
    );
    const runId = await queue.enqueue({ agent: AGENT_NAME, input: question });
    write(`queued run ${runId} on ${REDIS_URL}\n> ${question}\n`);
    let midLine = false; // whether streamed text left the cursor in the middle of a line
    const line = (text: string) => {
      write(`${midLine ? "\n" : ""}${text}\n`);
      midLine = false;
    };
    for await (const { entry } of queue.read(runId)) {
      if (entry.kind === "event" && entry.event.type === "text-delta") {
        write(entry.event.text);
        midLine = !entry.event.text.endsWith("\n");
      } else if (entry.kind === "event" && entry.event.type === "tool-call") {
        line(`  → ${entry.event.toolName} ${JSON.stringify(entry.event.input)}`);
      } else if (entry.kind === "resumed") {
        line(`  ↻ another worker took the run over from its checkpoint (step ${entry.step})`);
      } else if (entry.kind === "finished") {
        line(`run ${entry.status}${entry.error ? `: ${entry.error.code}: ${entry.error.message}` : ""}`);
        if (entry.status !== "completed") process.exitCode = 1;
        break;
      }
    }
  } finally {
    await queue.close();
    await worker.close();
    client?.destroy();
    await local?.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
