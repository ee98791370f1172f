// The durable-runs example: a web process and two worker processes, on Redis and BullMQ. The client
// queues a run through the web process and reads its events over SSE; when the run is halfway, the worker
// running it is killed (SIGKILL). The other worker takes the run over from its last checkpoint, and the
// client, reconnecting with Last-Event-ID, reads on without a gap. Against bedrock-local's scripted model,
// or Amazon Bedrock when LODE_MODEL_ID is set. Needs Redis (REDIS_URL, default redis://127.0.0.1:6379).
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { startBedrockLocal } from "@lode/bedrock-local";
import { Redis } from "ioredis";

const write = (text: string) => process.stdout.write(text);
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const children: ChildProcess[] = [];

/** Starts one of the example's processes; resolves with the first line it prints (its URL, or "ready"). */
function startProcess(file: string, args: string[]): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", here(file), ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout?.once("data", (chunk: Buffer) => resolve({ child, line: chunk.toString().trim() }));
    child.once("exit", (code) => reject(new Error(`${file} exited with ${code}`)));
  });
}

interface SseMessage {
  event: string;
  id: string;
  data: string;
}

/** The SSE messages of a response, as they arrive. */
async function* sseMessages(response: Response): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    text += decoder.decode(chunk, { stream: true });
    for (let end = text.indexOf("\n\n"); end >= 0; end = text.indexOf("\n\n")) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      const field = (name: string) => new RegExp(`^${name}: ?(.*)$`, "m").exec(block)?.[1] ?? "";
      if (field("id")) yield { event: field("event"), id: field("id"), data: field("data") };
    }
  }
}

async function main(): Promise<void> {
  const prefix = `lode-example-${randomUUID()}:`;
  const local = process.env.LODE_MODEL_ID
    ? undefined
    : await startBedrockLocal({ script: here("./demo.script.json") });
  write(
    local
      ? `Using bedrock-local at ${local.url}, a scripted model (set LODE_MODEL_ID for Amazon Bedrock)\n`
      : `Using Amazon Bedrock, model ${process.env.LODE_MODEL_ID}: LODE_MODEL_ID is set\n`,
  );
  try {
    const web = await startProcess("./web.ts", [prefix]);
    const workers = new Map<string, ChildProcess>();
    for (const name of ["worker-A", "worker-B"])
      workers.set(name, (await startProcess("./worker.ts", [name, local?.url ?? "", prefix])).child);
    write(`web process at ${web.line}; worker-A and worker-B take runs from the queue\n`);

    const queued = await fetch(`${web.line}/runs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ input: "Pack my suitcase for Oslo." }),
    });
    const { runId } = (await queued.json()) as { runId: string };
    write(`queued run ${runId}\n`);

    let lastEventId: string | undefined;
    // Whether streamed text ends the current line: the next line starts on a fresh one.
    let inText = false;
    const line = (text: string) => {
      write(`${inText ? "\n" : ""}${text}\n`);
      inText = false;
    };
    let killed = false;
    let finished = false;
    while (!finished) {
      const stop = new AbortController();
      const response = await fetch(`${web.line}/runs/${runId}/events`, {
        headers: lastEventId ? { "last-event-id": lastEventId } : {},
        signal: stop.signal,
      });
      try {
        for await (const message of sseMessages(response)) {
          lastEventId = message.id;
          const data = JSON.parse(message.data);
          if (message.event === "tool-result") {
            const text = data.content.map((block: { text?: string }) => block.text ?? "").join(" ");
            line(`  ← ${text}`);
            const runner = /packed by (worker-[AB])/.exec(text)?.[1];
            if (runner && !killed && data.step === 2) {
              killed = true;
              workers.get(runner)?.kill("SIGKILL");
              line(`  ✗ ${runner} killed (SIGKILL) in the middle of the run`);
              line(`  … the client drops its connection, and reconnects with Last-Event-ID: ${lastEventId}`);
              break;
            }
          } else if (message.event === "tool-call")
            line(`  → ${data.toolName} ${JSON.stringify(data.input)}`);
          else if (message.event === "text-delta") {
            write(data.text);
            inText = true;
          } else if (message.event === "lode-resumed")
            line(`  ↻ another worker took the run over from its checkpoint (step ${data.step})`);
          else if (message.event === "lode-finished") {
            line(`run ${data.status}`);
            finished = true;
          }
        }
      } finally {
        stop.abort();
      }
    }
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await local?.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`The example failed: ${String(error)}\n`);
  process.exitCode = 1;
});
