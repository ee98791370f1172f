import { once } from "node:events";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BedrockRuntimeClient, ConverseCommand, ThrottlingException } from "@aws-sdk/client-bedrock-runtime";
import { NodeHttp2Handler } from "@smithy/node-http-handler";
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

  it("serves HTTPS with --tls-key and --tls-cert, and injects the faults of --faults", async () => {
    const faults = path.join(folder, "faults.json");
    await writeFile(faults, JSON.stringify([{ times: 1, error: { type: "ThrottlingException" } }]));
    const script = path.join(folder, "hello-tls.json");
    await writeFile(script, JSON.stringify({ models: { "*": { turns: [{ text: "Hello over TLS!" }] } } }));
    const tls = (name: string) => fileURLToPath(new URL(`../fixtures/tls/${name}`, import.meta.url));
    const child = runBin([
      ...["--script", script, "--faults", faults],
      ...["--tls-key", tls("localhost-key.pem"), "--tls-cert", tls("localhost-cert.pem")],
    ]);
    try {
      const { line, url } = await listeningLine(child);
      expect(line).toMatch(/listening on https:\/\//);
      const client = new BedrockRuntimeClient({
        endpoint: url,
        region: "us-east-1",
        credentials: { accessKeyId: "AKIDOFTHECLIENT", secretAccessKey: "client-secret-key" },
        maxAttempts: 1,
        requestHandler: new NodeHttp2Handler({
          nodeHttp2ConnectOptions: { ca: readFileSync(tls("localhost-cert.pem")) },
        }),
      });
      const converse = () =>
        client.send(
          new ConverseCommand({
            modelId: "anthropic.claude-3-haiku-20240307-v1:0",
            messages: [{ role: "user", content: [{ text: "Hi" }] }],
          }),
        );
      try {
        await expect(converse()).rejects.toBeInstanceOf(ThrottlingException);
        const response = await converse();
        expect(response.output?.message?.content).toEqual([{ text: "Hello over TLS!" }]);
      } finally {
        client.destroy();
      }
    } finally {
      await stopCli(child);
    }
  });

  it("rejects --tls-key without --tls-cert, and faults that are not a list, with exit code 2", async () => {
    const [lone] = await once(runBin(["--tls-key", "key.pem"]), "exit");
    expect(lone).toBe(2);
    const faults = path.join(folder, "not-a-list.json");
    await writeFile(faults, JSON.stringify({ latencyMs: 50 }));
    const [notList] = await once(runBin(["--faults", faults]), "exit");
    expect(notList).toBe(2);
  });

  it("checks credentials with --access-key and --api-key, refusing any other key", async () => {
    const script = path.join(folder, "hello-auth.json");
    await writeFile(script, JSON.stringify({ models: { "*": { turns: [{ text: "Checked." }] } } }));
    const child = runBin([
      ...["--script", script, "--access-key", "AKIDCLI:cli-secret:cli-token", "--api-key", "ABSKcli-key"],
    ]);
    const converse = (client: BedrockRuntimeClient) =>
      client
        .send(
          new ConverseCommand({
            modelId: "anthropic.claude-3-haiku-20240307-v1:0",
            messages: [{ role: "user", content: [{ text: "Hi" }] }],
          }),
        )
        .finally(() => client.destroy());
    try {
      const { url } = await listeningLine(child);
      const config = { endpoint: url, region: "us-east-1", maxAttempts: 1 };
      const signed = new BedrockRuntimeClient({
        ...config,
        credentials: { accessKeyId: "AKIDCLI", secretAccessKey: "cli-secret", sessionToken: "cli-token" },
      });
      expect((await converse(signed)).output?.message?.content).toEqual([{ text: "Checked." }]);
      const bearer = new BedrockRuntimeClient({
        ...config,
        token: { token: "ABSKcli-key" },
        authSchemePreference: ["httpBearerAuth"],
      });
      expect((await converse(bearer)).output?.message?.content).toEqual([{ text: "Checked." }]);
      await expect(converse(cliClient(url))).rejects.toMatchObject({
        name: "UnrecognizedClientException",
        $metadata: { httpStatusCode: 403 },
      });
    } finally {
      await stopCli(child);
    }
  });

  it("rejects a malformed --access-key with exit code 2, without repeating its secret", async () => {
    const child = runBin(["--access-key", "AKIDONLY-secret-after-no-colon"]);
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [code] = await once(child, "exit");
    expect(code).toBe(2);
    expect(stderr).toContain("--access-key number 1 must be ID:SECRET or ID:SECRET:SESSION_TOKEN");
    expect(stderr).not.toContain("secret-after");
  });

  it("rejects an unknown option with exit code 2", async () => {
    const [code] = await once(runBin(["--prot", "8080"]), "exit");
    expect(code).toBe(2);
  });
});
