import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { type BedrockLocal, startBedrockLocal } from "@lode/bedrock-local";
import { afterEach, beforeEach, describe, expect, test } from "vitest";

const BIN = fileURLToPath(new URL("../../packages/bedrock-local/bin/lode-bedrock-local.js", import.meta.url));

/** The recorder's credentials, handed to it the way the AWS SDK's provider chain finds them first. */
const ENV_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: "AKIDFROMTHEENVCHAIN",
  AWS_SECRET_ACCESS_KEY: "env-chain-secret-key",
  AWS_SESSION_TOKEN: "env-chain-session-token",
};

/** The environment without any AWS setting of the machine running the tests, plus `extra`. */
function isolatedEnv(extra: Record<string, string>, home: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")));
  return {
    ...env,
    HOME: home,
    AWS_CONFIG_FILE: path.join(home, "no-config"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, "no-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    ...extra,
  };
}

describe("lode-bedrock-local --record", () => {
  let folder: string;
  let upstream: BedrockLocal;
  let child: ChildProcess | undefined;

  beforeEach(async () => {
    folder = await mkdtemp(path.join(tmpdir(), "bedrock-local-record-cli-"));
    upstream = await startBedrockLocal({ script: { models: { "*": { turns: [{ text: "Recorded!" }] } } } });
  });
  afterEach(async () => {
    if (child && child.exitCode === null) {
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    }
    child = undefined;
    await upstream.close();
    await rm(folder, { recursive: true, force: true });
  });

  test("signs upstream requests with the provider chain's credentials and records no secret", async () => {
    const recordings = path.join(folder, "recordings");
    child = spawn(process.execPath, [BIN, "--record", recordings, "--upstream", upstream.url], {
      stdio: ["ignore", "pipe", "pipe"],
      env: isolatedEnv({ ...ENV_CREDENTIALS, AWS_REGION: "eu-central-1" }, folder),
    });
    const [line] = (await once(createInterface({ input: child.stdout! }), "line")) as [string];
    const url = /^bedrock-local listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line)?.[1];
    expect(url, `unexpected first line: ${line}`).toBeDefined();

    const client = new BedrockRuntimeClient({
      endpoint: url,
      region: "us-east-1",
      credentials: { accessKeyId: "AKIDOFTHECLIENT", secretAccessKey: "client-secret-key" },
      maxAttempts: 1,
    });
    try {
      const response = await client.send(
        new ConverseCommand({
          modelId: "amazon.nova-micro-v1:0",
          messages: [{ role: "user", content: [{ text: "Hi" }] }],
        }),
      );
      expect(response.output?.message?.content).toEqual([{ text: "Recorded!" }]);
    } finally {
      client.destroy();
    }

    const headers = upstream.requests[0]?.headers ?? {};
    // Region from AWS_REGION: a local upstream's host name names none.
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDFROMTHEENVCHAIN\/\d{8}\/eu-central-1\/bedrock\/aws4_request, /,
    );
    expect(headers["x-amz-security-token"]).toBe("env-chain-session-token");
    expect(JSON.stringify(headers)).not.toContain("AKIDOFTHECLIENT");

    const files = await readdir(recordings);
    expect(files).toEqual(["000001.converse.amazon.nova-micro-v1_0.json"]);
    const text = await readFile(path.join(recordings, files[0] as string), "utf8");
    for (const secret of [...Object.values(ENV_CREDENTIALS), "AKIDOFTHECLIENT", "client-secret-key"])
      expect(text).not.toContain(secret);
    expect(JSON.parse(text).interactions[0].response.body.output.message.content).toEqual([
      { text: "Recorded!" },
    ]);
  });

  test("without credentials anywhere in the chain, answers 500 saying so and sends nothing upstream", async () => {
    child = spawn(process.execPath, [BIN, "--record", folder, "--upstream", upstream.url], {
      stdio: ["ignore", "pipe", "pipe"],
      env: isolatedEnv({}, folder),
    });
    const [line] = (await once(createInterface({ input: child.stdout! }), "line")) as [string];
    const url = /listening on (\S+)$/.exec(line)?.[1];
    const client = new BedrockRuntimeClient({
      endpoint: url,
      region: "us-east-1",
      credentials: { accessKeyId: "AKIDOFTHECLIENT", secretAccessKey: "client-secret-key" },
      maxAttempts: 1,
    });
    try {
      const error = await client
        .send(new ConverseCommand({ modelId: "m", messages: [{ role: "user", content: [{ text: "Hi" }] }] }))
        .then(
          () => undefined,
          (failure: Error & { $metadata: { httpStatusCode?: number } }) => failure,
        );
      expect(error?.name).toBe("InternalServerException");
      expect(error?.$metadata.httpStatusCode).toBe(500);
      expect(error?.message).toMatch(
        /^bedrock-local could not sign the request for http:\/\/127\.0\.0\.1:\d+: /,
      );
    } finally {
      client.destroy();
    }
    expect(upstream.requests).toEqual([]);
    expect(await readdir(folder)).toEqual([]);
  });

  test.each([
    [["--record", "somewhere"], "--record needs --upstream URL"],
    [["--upstream", "http://127.0.0.1:1"], "--upstream and --region only apply with --record DIR"],
    [["--record", "d", "--upstream", "bedrock.example"], "--upstream must be an http:// or https:// URL"],
    [
      ["--record", "d", "--upstream", "http://127.0.0.1:1", "--script", "s.json"],
      "--record cannot be combined",
    ],
  ])("%j is a usage error (exit 2)", async (args, message) => {
    child = spawn(process.execPath, [BIN, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
      env: isolatedEnv({}, folder),
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const [code] = await once(child, "exit");
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});
