import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const WORKER = fileURLToPath(new URL("./durable-worker.ts", import.meta.url));

/**
 * Starts a worker process of the five-step job (`concurrency` runs at once, each tool call `stepMs`);
 * resolves once it takes runs. The caller kills it.
 */
export async function spawnWorker(options: {
  endpoint: string;
  redisUrl: string;
  prefix: string;
  concurrency: number;
  stepMs: number;
}): Promise<ChildProcess> {
  const { endpoint, redisUrl, prefix, concurrency, stepMs } = options;
  const child = spawn(
    process.execPath,
    ["--import", "tsx", WORKER, endpoint, redisUrl, prefix, String(concurrency), String(stepMs)],
    {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`a worker exited with ${code} before it was ready`)));
  });
  return child;
}
