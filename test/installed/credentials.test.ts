import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import {
  createUserProject,
  environmentWithoutAws,
  nodeBinary,
  type UserProject,
} from "./support/user-project.js";

const execFileAsync = promisify(execFile);

// Credentials bedrock-local knows (made up: it checks signatures with them as Bedrock would).
const PLAIN_KEY = { id: "AKIDLODEPLAINKEY0001", secret: "lode-plain-secret-0001" };
const SESSION_KEY = {
  id: "ASIALODESESSION00001",
  secret: "lode-session-secret-01",
  token: "lode-session-token-01",
};
const PROFILE_KEY = { id: "AKIDLODEPROFILE00001", secret: "lode-profile-secret-01" };
const API_KEY = "bedrock-api-key-bG9kZS10ZXN0LWtleQ==";

const SCRIPT = {
  models: {
    "*": {
      turns: [
        {
          content: [
            { toolUse: { id: "tooluse_installed_0001", name: "get_weather", input: { city: "Lisbon" } } },
          ],
        },
        { text: "It is sunny and 21 °C in Lisbon.", expect: { toolResultsFor: ["tooluse_installed_0001"] } },
      ],
    },
  },
};

/** A user's agent, in plain JavaScript: nothing but a modelId; the rest comes from the environment. */
const AGENT_PROGRAM = `
import { Agent, LodeError } from "@lode/core";
import { defineTool } from "@lode/tools";
import { z } from "zod";

const weather = defineTool({
  name: "get_weather",
  description: "Current weather for a city",
  input: z.object({ city: z.string() }),
  run: async ({ city }) => ({ city, tempC: 21, sky: "sunny" }),
});
const agent = new Agent({ modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0", tools: [weather] });
try {
  const result = await agent.run("What is the weather in Lisbon?");
  console.log(JSON.stringify({ ok: true, text: result.text, tools: result.toolCalls.map((call) => call.toolName) }));
} catch (error) {
  console.log(JSON.stringify({ ok: false, lode: LodeError.isInstance(error), code: error.code, message: error.message }));
}
`;

let project: UserProject;
let home: string;
let server: ChildProcess;
let endpoint: string;

beforeAll(async () => {
  project = await createUserProject({
    packsDir: inject("packsDir"),
    lode: ["@lode/core", "@lode/tools", "@lode/bedrock-local"],
    dependencies: { zod: "^4.6.7" },
  });
  await project.write("agent.mjs", AGENT_PROGRAM);
  await project.write("script.json", JSON.stringify(SCRIPT));
  home = await mkdtemp(join(tmpdir(), "lode-home-"));
  await writeFile(
    join(home, "credentials"),
    `[lode-dev]\naws_access_key_id = ${PROFILE_KEY.id}\naws_secret_access_key = ${PROFILE_KEY.secret}\n`,
  );
  await writeFile(join(home, "config"), "[profile lode-dev]\nregion = eu-west-1\n");
  // The installed bin, on plain node, checking every request's signature or API key.
  server = spawn(
    process.execPath,
    [
      "node_modules/@lode/bedrock-local/bin/lode-bedrock-local.js",
      "--script",
      "script.json",
      "--access-key",
      `${PLAIN_KEY.id}:${PLAIN_KEY.secret}`,
      "--access-key",
      `${SESSION_KEY.id}:${SESSION_KEY.secret}:${SESSION_KEY.token}`,
      "--access-key",
      `${PROFILE_KEY.id}:${PROFILE_KEY.secret}`,
      "--api-key",
      API_KEY,
    ],
    { cwd: project.dir, env: environmentWithoutAws(), stdio: ["ignore", "pipe", "inherit"] },
  );
  const [line] = (await once(createInterface({ input: server.stdout! }), "line")) as [string];
  endpoint = /listening on (\S+)/.exec(line)?.[1] ?? "";
  expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
});

afterAll(async () => {
  server?.kill("SIGTERM");
  if (server) await once(server, "exit");
  await project?.remove();
  if (home) await rm(home, { recursive: true, force: true });
});

interface Outcome {
  ok: boolean;
  text?: string;
  tools?: string[];
  lode?: boolean;
  code?: string;
  message?: string;
}

/** Runs the agent program on Node `major` with only `settings` of AWS's environment (and no real files). */
async function runAgent(major: number, settings: Record<string, string>) {
  const node = await nodeBinary(major);
  const { stdout, stderr } = await execFileAsync(node, ["agent.mjs"], {
    cwd: project.dir,
    env: {
      ...environmentWithoutAws(),
      HOME: home,
      AWS_CONFIG_FILE: join(home, "no-config"),
      AWS_SHARED_CREDENTIALS_FILE: join(home, "no-credentials"),
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: endpoint,
      // The pinned AWS SDK warns on Node 20 that its 2027 releases need Node 22; a user's script may say so too.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      ...settings,
    },
  });
  return { outcome: JSON.parse(stdout) as Outcome, stderr };
}

const ANSWERED = { ok: true, text: "It is sunny and 21 °C in Lisbon.", tools: ["get_weather"] };

describe.each([20, 22, 24])(
  "an agent made with only a modelId, installed from the tarballs, on Node %i",
  (major) => {
    test("signs with access keys from the environment", async () => {
      const { outcome, stderr } = await runAgent(major, {
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: PLAIN_KEY.id,
        AWS_SECRET_ACCESS_KEY: PLAIN_KEY.secret,
      });
      expect(outcome).toEqual(ANSWERED);
      expect(stderr).toBe("");
    });

    test("sends the session token of temporary keys", async () => {
      const { outcome } = await runAgent(major, {
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: SESSION_KEY.id,
        AWS_SECRET_ACCESS_KEY: SESSION_KEY.secret,
        AWS_SESSION_TOKEN: SESSION_KEY.token,
      });
      expect(outcome).toEqual(ANSWERED);
    });

    test("reads a profile's keys and region from the shared files named by AWS_PROFILE", async () => {
      const { outcome } = await runAgent(major, {
        AWS_PROFILE: "lode-dev",
        AWS_CONFIG_FILE: join(home, "config"),
        AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
      });
      expect(outcome).toEqual(ANSWERED);
    });

    test("sends a Bedrock API key from AWS_BEARER_TOKEN_BEDROCK", async () => {
      const { outcome } = await runAgent(major, {
        AWS_REGION: "us-east-1",
        AWS_BEARER_TOKEN_BEDROCK: API_KEY,
      });
      expect(outcome).toEqual(ANSWERED);
    });

    test("fails with access-denied and AWS's message when the secret key is wrong", async () => {
      const { outcome } = await runAgent(major, {
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: PLAIN_KEY.id,
        AWS_SECRET_ACCESS_KEY: "not-the-secret",
      });
      expect(outcome).toMatchObject({ ok: false, lode: true, code: "access-denied" });
      expect(outcome.message).toContain(
        "InvalidSignatureException: The request signature we calculated does not match the signature you provided.",
      );
      expect(outcome.message).toContain("signed with access key AKID…0001 from environment variables");
    });

    test("fails with access-denied and AWS's message when the access key is unknown", async () => {
      const { outcome } = await runAgent(major, {
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "AKIDLODEUNKNOWN00001",
        AWS_SECRET_ACCESS_KEY: PLAIN_KEY.secret,
      });
      expect(outcome).toMatchObject({ ok: false, lode: true, code: "access-denied" });
      expect(outcome.message).toContain(
        "UnrecognizedClientException: The security token included in the request is invalid.",
      );
    });
  },
);
