import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { Agent as HttpAgent } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { type Fault, type Script, startBedrockLocal } from "@lode/bedrock-local";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { repoPath } from "./repo-path.js";

const CLI = repoPath("packages/bedrock-local/bin/lode-bedrock-local.js");
/** bedrock-local's self-signed pair for localhost: what an HTTPS bench server presents. */
export const BENCH_TLS = {
  key: repoPath("packages/bedrock-local/fixtures/tls/localhost-key.pem"),
  cert: repoPath("packages/bedrock-local/fixtures/tls/localhost-cert.pem"),
};

export interface BenchServerOptions {
  /** Faults for every request, e.g. `[{ latencyMs: 50 }]` for a model that takes 50 ms to answer. */
  faults?: Fault[];
  /** Serve HTTPS with {@link BENCH_TLS} (HTTP/2 or HTTP/1.1 by ALPN) instead of cleartext. */
  tls?: boolean;
}

/** The certificate a client of an HTTPS bench server must trust (`ca` of its agent or session). */
export function benchCa(): Buffer {
  return readFileSync(BENCH_TLS.cert);
}

/**
 * bedrock-local for a benchmark: in a child process when its CLI is available, so the server's CPU does
 * not share the measuring process's event loop; in-process otherwise.
 */
export async function startBenchServer(
  script: Script,
  options: BenchServerOptions = {},
): Promise<{ url: string; kind: string; pid?: number; close(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), "lode-bench-"));
  const scriptFile = path.join(dir, "script.json");
  await writeFile(scriptFile, JSON.stringify(script));
  const args = [CLI, "--port", "0", "--script", scriptFile];
  if (options.faults?.length) {
    const faultsFile = path.join(dir, "faults.json");
    await writeFile(faultsFile, JSON.stringify(options.faults));
    args.push("--faults", faultsFile);
  }
  if (options.tls) args.push("--tls-key", BENCH_TLS.key, "--tls-cert", BENCH_TLS.cert);
  try {
    const child = spawn(process.execPath, args, {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /https?:\/\/127\.0\.0\.1:\d+/.exec(output);
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
    const server = await startBedrockLocal({
      script,
      ...(options.faults ? { faults: options.faults } : {}),
      ...(options.tls ? { tls: { key: readFileSync(BENCH_TLS.key), cert: benchCa() } } : {}),
    });
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
