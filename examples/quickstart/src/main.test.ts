import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startBedrockLocal } from "@lode/bedrock-local";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const exampleDir = fileURLToPath(new URL("..", import.meta.url));

/**
 * The demo's environment for Amazon Bedrock (LODE_MODEL_ID set) with only `aws` of AWS's settings: an empty
 * home, no profile files, no instance metadata. Nor the setting that silences the SDK's Node version
 * warning: the start script sets it itself.
 */
function bedrockEnvironment(home: string, aws: Record<string, string>): Record<string, string | undefined> {
  const inherited = Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_"));
  return {
    ...Object.fromEntries(inherited),
    NO_COLOR: "1",
    HOME: home,
    AWS_CONFIG_FILE: join(home, "config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    LODE_MODEL_ID: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    ...aws,
  };
}

describe("the quickstart demo", () => {
  it("prints reasoning, parallel tool calls with results, the answer and usage, as a person sees it", async () => {
    const env = { ...process.env, NO_COLOR: "1", AWS_ACCESS_KEY_ID: "", AWS_PROFILE: "", LODE_MODEL_ID: "" };
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: exampleDir,
      env,
    });

    expect(stderr).toBe("");
    // First, which backend and why.
    expect(stdout.split("\n")[0]).toMatch(
      /^Using bedrock-local at http:\/\/127\.0\.0\.1:\d+, a scripted model: LODE_MODEL_ID is not set \(set it, with AWS credentials and AWS_REGION, for Amazon Bedrock\)$/,
    );
    expect(stdout).toContain("thinking: The user wants the weather in two cities.");
    expect(stdout).toContain('→ get_weather {"city":"Lisbon"}');
    expect(stdout).toContain('→ get_weather {"city":"Oslo"}');
    expect(stdout).toMatch(/← get_weather \{"city":"Oslo","tempC":4,"sky":"light snow"\}/);
    expect(stdout).toMatch(/← convert_temperature \{"celsius":21,"fahrenheit":70\}/);
    expect(stdout).toContain("Lisbon is sunny at 21 °C (70 °F), while Oslo has light snow at 4 °C (39 °F).");
    expect(stdout).toMatch(/✔ 3 steps · 4 tool calls · \d+ in \/ \d+ out tokens · \d+ ms/);
    // No escape codes when colour is off.
    expect(stdout).not.toContain("\x1b[");
  });

  it("refuses LODE_MODEL_ID without AWS credentials, saying what to set, through its start script", {
    timeout: 30_000,
  }, async () => {
    const home = await mkdtemp(join(tmpdir(), "lode-demo-no-aws-"));
    try {
      // Nothing of AWS's settings but a region: no keys, no profile files, no instance metadata.
      const env = bedrockEnvironment(home, { AWS_REGION: "us-east-1" });
      const failure = await run("pnpm", ["--silent", "start"], { cwd: exampleDir, env }).then(
        () => undefined,
        (error: { code: number; stdout: string; stderr: string }) => error,
      );

      expect(failure?.code).toBe(1);
      expect(failure?.stdout.split("\n")[0]).toBe(
        "Using Amazon Bedrock, model us.anthropic.claude-sonnet-4-5-20250929-v1:0: LODE_MODEL_ID is set (region and credentials come from the AWS SDK's usual settings)",
      );
      expect(failure?.stderr).toMatch(
        /^\nThe run failed: missing-credentials: No AWS credentials were found\. The AWS SDK's default chain tried environment variables .+\. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY .*AWS_PROFILE .*\n/,
      );
      expect(failure?.stderr).toContain("LODE_MODEL_ID is set, so the demo calls Amazon Bedrock; unset it");
      expect(failure?.stderr).not.toContain("NodeVersionSupportWarning");
      expect(failure?.stderr.trim().split("\n")).toHaveLength(2);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it("runs on the model LODE_MODEL_ID names with credentials from the environment, as against Bedrock", {
    timeout: 30_000,
  }, async () => {
    // A stand-in for Bedrock that checks every request's signature with the one key it knows.
    const key = { accessKeyId: "AKIDLODEDEMO00000001", secretAccessKey: "lode-demo-secret" };
    const bedrock = await startBedrockLocal({
      script: fileURLToPath(new URL("./demo.script.json", import.meta.url)),
      auth: { accessKeys: [key] },
    });
    const home = await mkdtemp(join(tmpdir(), "lode-demo-aws-"));
    try {
      const env = bedrockEnvironment(home, {
        AWS_REGION: "us-west-2",
        AWS_ACCESS_KEY_ID: key.accessKeyId,
        AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
        AWS_ENDPOINT_URL_BEDROCK_RUNTIME: bedrock.url,
      });
      const { stdout, stderr } = await run("pnpm", ["--silent", "start"], { cwd: exampleDir, env });

      expect(stderr).toBe("");
      expect(stdout.split("\n")[0]).toContain(
        "Using Amazon Bedrock, model us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      );
      expect(stdout).toContain(
        "Lisbon is sunny at 21 °C (70 °F), while Oslo has light snow at 4 °C (39 °F).",
      );
      // Every model call was signed with the environment's key (bedrock-local refuses any other).
      expect(bedrock.requests.map((request) => request.status)).toEqual([200, 200, 200]);
    } finally {
      await bedrock.close();
      await rm(home, { recursive: true, force: true });
    }
  });
});
