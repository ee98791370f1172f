import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

/**
 * Starts a worker script (through tsx) as a server process of its own; resolves with the JSON of the first
 * line it prints (its URL) and a `stop()` that ends it.
 */
export async function serverProcess(
  worker: string,
  args: readonly string[],
): Promise<{ info: Record<string, string>; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", worker, ...args], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`the server process exited (${code}) before it listened`)));
  });
  return {
    info: JSON.parse(first),
    stop: async () => {
      child.kill();
      await exited;
    },
  };
}
