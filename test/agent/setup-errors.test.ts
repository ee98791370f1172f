import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { Agent, type AgentEvent } from "@lode/core";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { lodeErrorOf, scriptedAgentPerTest, scriptOf, TEST_MODEL_ID } from "../support/scripted-agent.js";

const run = promisify(execFile);
const testDir = fileURLToPath(new URL("..", import.meta.url));
const startAgent = scriptedAgentPerTest();
const FAKE_KEYS = { accessKeyId: "AKIDLODETEST", secretAccessKey: "lode-test-secret" };

/** A port on 127.0.0.1 that nothing listens on: taken from the OS, then given back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// The library never prints: every failure below comes back as a LodeError and nothing else.
const consoleCalls: unknown[][] = [];
beforeEach(() => {
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleCalls.push(args);
    });
  }
});
afterEach(() => {
  vi.restoreAllMocks();
  expect(consoleCalls.splice(0)).toEqual([]);
});

describe("a model call that cannot reach Bedrock", () => {
  test("is endpoint-unreachable, naming the endpoint, when nothing listens there", async () => {
    const port = await closedPort();
    // Lode's own client, from clientConfig: the agent was given none.
    const agent = new Agent({
      modelId: TEST_MODEL_ID,
      clientConfig: { region: "us-east-1", endpoint: `http://127.0.0.1:${port}`, credentials: FAKE_KEYS },
      retry: { initialDelayMs: 1, maxDelayMs: 5 },
    });
    const retries: AgentEvent[] = [];
    agent.on("retry", (event) => retries.push(event));
    const error = await lodeErrorOf(agent.run("Hi"));

    expect(error.code).toBe("endpoint-unreachable");
    expect(error.message).toContain(`127.0.0.1:${port} (ECONNREFUSED)`);
    expect(error.message).toContain("clientConfig.endpoint");
    expect(error.retryable).toBe(false);
    expect(retries).toEqual([]);
    // The Node error is kept in the cause chain (over HTTP/2 the SDK wraps it once more).
    expect(codesInCauseChain(error)).toContain("ECONNREFUSED");
  });

  test("is endpoint-unreachable, naming the host, when the endpoint's name does not resolve", async () => {
    const client = new BedrockRuntimeClient({
      region: "us-east-1",
      endpoint: "http://bedrock.lode-test.invalid",
      credentials: FAKE_KEYS,
      maxAttempts: 1,
    });
    try {
      const error = await lodeErrorOf(new Agent({ modelId: TEST_MODEL_ID, client }).run("Hi"));

      expect(error.code).toBe("endpoint-unreachable");
      // ENOTFOUND, or EAI_AGAIN on a machine without a resolver.
      expect(error.message).toMatch(
        /^Could not connect to bedrock\.lode-test\.invalid \((ENOTFOUND|EAI_AGAIN)\)/,
      );
      expect(error.message).toContain("AWS_REGION");
    } finally {
      client.destroy();
    }
  });

  test("is missing-credentials, saying what to set, when the client's credential provider fails", async () => {
    const port = await closedPort();
    const client = new BedrockRuntimeClient({
      region: "us-east-1",
      endpoint: `http://127.0.0.1:${port}`,
      credentials: () => Promise.reject(new Error("The web identity token file is unreadable.")),
      maxAttempts: 1,
    });
    try {
      const error = await lodeErrorOf(new Agent({ modelId: TEST_MODEL_ID, client }).run("Hi"));

      expect(error.code).toBe("missing-credentials");
      expect(error.message).toContain("(The web identity token file is unreadable.)");
      expect(error.message).toContain("AWS_ACCESS_KEY_ID");
      expect(error.message).toContain("AWS_PROFILE");
      expect(error.retryable).toBe(false);
    } finally {
      client.destroy();
    }
  });

  test("is network, and retried, when the connection drops mid-stream", async () => {
    const harness = await startAgent(
      scriptOf({ text: "Hello there, this is a streamed answer.", chunkSize: 3 }),
      {
        faults: [{ disconnect: { afterEvents: 2 }, times: 1 }],
        retry: { initialDelayMs: 1, maxDelayMs: 5 },
      },
    );
    const retries: AgentEvent[] = [];
    harness.agent.on("retry", (event) => retries.push(event));
    const result = await harness.agent.run("Hi");

    expect(result.text).toBe("Hello there, this is a streamed answer.");
    expect(retries).toMatchObject([{ type: "retry", code: "network" }]);
  });
});

describe("a region that is not a region name", () => {
  test("is refused as invalid-config when the agent is made with it in clientConfig", () => {
    let thrown: unknown;
    try {
      new Agent({ modelId: TEST_MODEL_ID, clientConfig: { region: "us east 1", credentials: FAKE_KEYS } });
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toMatchObject({
      code: "invalid-config",
      message:
        'clientConfig.region is "us east 1", which is not an AWS region name: a region is named like us-east-1.',
    });
  });

  test("is missing-region, not said to be unset, in a client of the caller's own", async () => {
    const client = new BedrockRuntimeClient({ region: "us east 1", credentials: FAKE_KEYS, maxAttempts: 1 });
    try {
      const error = await lodeErrorOf(new Agent({ modelId: TEST_MODEL_ID, client }).run("Hi"));

      expect(error.code).toBe("missing-region");
      expect(error.message).toMatch(
        /^No AWS region is set for Bedrock, or the one set is not a region name \(/,
      );
    } finally {
      client.destroy();
    }
  });
});

describe("Lode's own client, configured from the environment", () => {
  let home: string | undefined;
  afterEach(async () => {
    if (home) await rm(home, { recursive: true, force: true });
  });

  /** Runs an agent with no client in a child process whose environment holds only `env` of AWS's settings. */
  async function runWithEnvironment(env: Record<string, string>) {
    home = await mkdtemp(join(tmpdir(), "lode-no-aws-"));
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")),
    );
    const script = `
      import { Agent } from "@lode/core";
      const agent = new Agent({ modelId: "test-model" });
      agent.run("Hi").then(
        () => process.stdout.write("succeeded"),
        (error) => process.stdout.write(JSON.stringify({ code: error.code, message: error.message })),
      );`;
    const { stdout, stderr } = await run(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "--eval", script],
      {
        cwd: testDir,
        env: {
          ...inherited,
          HOME: home,
          // No shared files, no instance metadata: the SDK's default chain finds nothing.
          AWS_CONFIG_FILE: join(home, "config"),
          AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
          AWS_EC2_METADATA_DISABLED: "true",
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
          ...env,
        },
      },
    );
    return { stderr, failure: JSON.parse(stdout) as { code: string; message: string } };
  }

  test("is missing-region, saying to set AWS_REGION, when no region is configured", {
    timeout: 20_000,
  }, async () => {
    const { stderr, failure } = await runWithEnvironment({});

    expect(stderr).toBe("");
    expect(failure.code).toBe("missing-region");
    expect(failure.message).toContain("Set AWS_REGION");
    expect(failure.message).toContain("clientConfig.region");
  });

  test("says AWS_REGION is not a region name when it is malformed, not that none is set", {
    timeout: 20_000,
  }, async () => {
    const { stderr, failure } = await runWithEnvironment({ AWS_REGION: "us east 1" });

    expect(stderr).toBe("");
    expect(failure.code).toBe("missing-region");
    expect(failure.message).toMatch(/^AWS_REGION is "us east 1", which is not an AWS region name \(/);
    expect(failure.message).toContain("Set AWS_REGION to a region name (for example AWS_REGION=us-east-1)");
  });

  test("is missing-credentials, saying what to set, when the SDK's default chain finds none", {
    timeout: 20_000,
  }, async () => {
    const { stderr, failure } = await runWithEnvironment({
      AWS_REGION: "us-east-1",
      AWS_PROFILE: "lode-test",
    });

    expect(stderr).toBe("");
    expect(failure.code).toBe("missing-credentials");
    // It says which sources the chain tried, and what each answered, before what to set.
    expect(failure.message).toMatch(
      /^No AWS credentials were found\. The AWS SDK's default chain tried environment variables .+: AWS_PROFILE is set, skipping fromEnv provider; /,
    );
    expect(failure.message).toContain("profile: [lode-test]");
    expect(failure.message).toContain(
      "container or EC2 instance metadata: EC2 Instance Metadata Service access disabled.",
    );
    expect(failure.message).toContain("Set AWS_ACCESS_KEY_ID");
    expect(failure.message).toContain("AWS_BEARER_TOKEN_BEDROCK");
  });
});

/** The `code` of every error in `error`'s cause chain. */
function codesInCauseChain(error: unknown): string[] {
  const codes: string[] = [];
  for (let link = error as { code?: unknown; cause?: unknown } | undefined; link; ) {
    if (typeof link.code === "string") codes.push(link.code);
    link = typeof link.cause === "object" && link.cause !== null ? link.cause : undefined;
  }
  return codes;
}
