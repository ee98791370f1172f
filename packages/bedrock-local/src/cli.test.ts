import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cliClient,
  isolatedEnv,
  listeningLine,
  spawnCli,
  stopCli,
} from "../../../test/bedrock-local/support/cli-process.js";

describe("lode-bedrock-local", () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), "bedrock-local-cli-"));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  const runBin = (args: string[]) => spawnCli(args, isolatedEnv({}, folder));

  it("serves a script to the real SDK until SIGTERM, then exits 0", async () => {
    const script = path.join(folder, "hello.json");
    await writeFile(
      script,
      JSON.stringify({ models: { "*": { turns: [{ text: "Hello from the CLI!" }] } } }),
    );
    const child = runBin(["--port", "0", "--script", script]);
    try {
      const { line, url } = await listeningLine(child);
      expect(url, `unexpected first line: ${line}`).toBeDefined();

      const client = cliClient(url);
      const response = await client
        .send(
          new ConverseCommand({
            modelId: "anthropic.claude-3-haiku-20240307-v1:0",
            messages: [{ role: "user", content: [{ text: "Hi" }] }],
          }),
        )
        .finally(() => client.destroy());
      expect(response.output?.message?.content).toEqual([{ text: "Hello from the CLI!" }]);
    } finally {
      await stopCli(child);
    }
    expect({ code: child.exitCode, signal: child.signalCode }).toEqual({ code: 0, signal: null });
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
