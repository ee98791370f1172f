import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const WORKER = fileURLToPath(new URL("./graph-worker.ts", import.meta.url));

/**
 * Starts a worker process of the research graph (`concurrency` graph runs at once, each tool call `toolMs`,
 * every execution logged to `log`); resolves once it takes runs. The caller kills it.
 */
export async function spawnGraphWorker(options: {
  endpoint: string;
  redisUrl: string;
  prefix: string;
  log: string;
  concurrency: number;
  toolMs: number;
}): Promise<ChildProcess> {
  const { endpoint, redisUrl, prefix, log, concurrency, toolMs } = options;
  const args = [endpoint, redisUrl, prefix, log, String(concurrency), String(toolMs)];
  const child = spawn(process.execPath, ["--import", "tsx", WORKER, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`a worker exited with ${code} before it was ready`)));
  });
  return child;
}
