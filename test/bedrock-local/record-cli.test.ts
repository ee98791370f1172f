import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { type BedrockLocal, redactedSecret, startBedrockLocal } from "@lode/bedrock-local";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { cliClient, isolatedEnv, listeningLine, spawnCli, stopCli } from "./support/cli-process.js";
import { waitUntil } from "./support/wait-until.js";

/** The recorder's credentials, handed to it the way the AWS SDK's provider chain finds them first. */
const ENV_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: "AKIDFROMTHEENVCHAIN",
  AWS_SECRET_ACCESS_KEY: "env-chain-secret-key",
  AWS_SESSION_TOKEN: "env-chain-session-token",
};

describe("lode-bedrock-local --record", () => {
  let folder: string;
  let upstream: BedrockLocal;
  let child: ChildProcess | undefined;

  beforeEach(async () => {
    folder = await mkdtemp(path.join(tmpdir(), "bedrock-local-record-cli-"));
    upstream = await startBedrockLocal({ script: { models: { "*": { turns: [{ text: "Recorded!" }] } } } });
  });
  afterEach(async () => {
    await stopCli(child);
    child = undefined;
    await upstream.close();
    await rm(folder, { recursive: true, force: true });
  });

  test("signs upstream requests with the provider chain's credentials and records no secret", async () => {
    const recordings = path.join(folder, "recordings");
    child = spawnCli(
      ["--record", recordings, "--upstream", upstream.url],
      isolatedEnv({ ...ENV_CREDENTIALS, AWS_REGION: "eu-central-1" }, folder),
    );
    const { line, url } = await listeningLine(child);
    expect(url, `unexpected first line: ${line}`).toBeDefined();

    const client = cliClient(url);
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
    // The upstream's request log keeps a fingerprint of the token, not the token.
    expect(headers["x-amz-security-token"]).toBe(redactedSecret("env-chain-session-token"));
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

  test("prints on stderr that a recording could not be written; the client still gets its answer", async () => {
    const recordings = path.join(folder, "recordings");
    child = spawnCli(
      ["--record", recordings, "--upstream", upstream.url],
      isolatedEnv(ENV_CREDENTIALS, folder),
    );
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const { line, url } = await listeningLine(child);
    expect(url, `unexpected first line: ${line}`).toBeDefined();
    // A file where the recordings folder should be: every write into it fails, whoever runs the test.
    await rm(recordings, { recursive: true, force: true });
    await writeFile(recordings, "not a folder");

    const client = cliClient(url);
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
    await waitUntil(() => stderr.includes("could not write the recording"));
    expect(stderr).toMatch(
      /^lode-bedrock-local: could not write the recording of POST \/model\/.+\/converse: /m,
    );
  });

  test("without credentials anywhere in the chain, answers 500 saying so and sends nothing upstream", async () => {
    child = spawnCli(["--record", folder, "--upstream", upstream.url], isolatedEnv({}, folder));
    const { url } = await listeningLine(child);
    const client = cliClient(url);
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
    child = spawnCli(args, isolatedEnv({}, folder));
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const [code] = await once(child, "exit");
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});
