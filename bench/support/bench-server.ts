import { spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { Agent as HttpAgent } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { type Script, startBedrockLocal } from "@lode/bedrock-local";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { repoPath } from "./repo-path.js";

const CLI = repoPath("packages/bedrock-local/bin/lode-bedrock-local.js");

/**
 * bedrock-local for a benchmark: in a child process when its CLI is available, so the server's CPU does
 * not share the measuring process's event loop; in-process otherwise.
 */
export async function startBenchServer(
  script: Script,
): Promise<{ url: string; kind: string; pid?: number; close(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), "lode-bench-"));
  const scriptFile = path.join(dir, "script.json");
  await writeFile(scriptFile, JSON.stringify(script));
  try {
    const child = spawn(process.execPath, [CLI, "--port", "0", "--script", scriptFile], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /http:\/\/127\.0\.0\.1:\d+/.exec(output);
        if (match) resolve(match[0]);
      });
      child.once("exit", (code) => reject(new Error(`bedrock-local exited with ${code}`)));
    });
    return {
      url,
      kind: "in a child process",
      ...(child.pid !== undefined ? { pid: child.pid } : {}),
      close: async () => {
        child.kill("SIGTERM");
      },
    };
  } catch {
    const server = await startBedrockLocal({ script });
    return { url: server.url, kind: "in-process", close: () => server.close() };
  }
}

/** One client for every contender: HTTP/1.1 keep-alive, the fastest transport measured here (DESIGN.md). */
export function createBenchClient(endpoint: string): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 64 }) }),
  });
}
