import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../bin/lode-bedrock-local.js", import.meta.url));

describe("lode-bedrock-local", () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), "bedrock-local-cli-"));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  function runBin(args: string[]): ChildProcess {
    return spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  }

  it("serves a script to the real SDK until SIGTERM, then exits 0", async () => {
    const script = path.join(folder, "hello.json");
    await writeFile(
      script,
      JSON.stringify({ models: { "*": { turns: [{ text: "Hello from the CLI!" }] } } }),
    );
    const child = runBin(["--port", "0", "--script", script]);
    const exited = once(child, "exit");
    try {
      const [line] = (await once(createInterface({ input: child.stdout! }), "line")) as [string];
      const url = /^bedrock-local listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line)?.[1];
      expect(url, `unexpected first line: ${line}`).toBeDefined();

      const client = new BedrockRuntimeClient({
        endpoint: url,
        region: "us-east-1",
        credentials: { accessKeyId: "test", secretAccessKey: "test" },
        maxAttempts: 1,
      });
      const response = await client.send(
        new ConverseCommand({
          modelId: "anthropic.claude-3-haiku-20240307-v1:0",
          messages: [{ role: "user", content: [{ text: "Hi" }] }],
        }),
      );
      client.destroy();
      expect(response.output?.message?.content).toEqual([{ text: "Hello from the CLI!" }]);
    } finally {
      child.kill("SIGTERM");
    }
    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  });

  it("rejects a bad script with a message naming it and exit code 2", async () => {
    const script = path.join(folder, "bad.json");
    await writeFile(script, JSON.stringify({ models: { "*": { turns: [] } } }));
    const child = runBin(["--script", script]);
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    let stdout = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const [code] = await once(child, "exit");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(`script ${script}: script.models["*"].turns must be a non-empty array`);
  });

  it("rejects an unknown option with exit code 2", async () => {
    const [code] = await once(runBin(["--prot", "8080"]), "exit");
    expect(code).toBe(2);
  });
});
