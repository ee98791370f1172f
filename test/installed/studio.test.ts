import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
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
const KEY = { id: "AKIDLODESTUDIO000001", secret: "lode-studio-secret-01" };

const SCRIPT = {
  models: {
    "*": {
      selection: "sequential",
      turns: [
        {
          content: [{ toolUse: { id: "tooluse_studio_0001", name: "get_weather", input: { city: "Oslo" } } }],
        },
        { text: "It is 3 °C and snowing in Oslo.", expect: { toolResultsFor: ["tooluse_studio_0001"] } },
      ],
    },
  },
};

/** A user's agent in plain JavaScript: a modelId, and the studio's reporter, both configured by the environment. */
const AGENT_PROGRAM = `
import { Agent } from "@lode/core";
import { studio } from "@lode/studio";
import { defineTool } from "@lode/tools";
import { z } from "zod";

const weather = defineTool({
  name: "get_weather",
  description: "Current weather for a city",
  input: z.object({ city: z.string() }),
  run: async ({ city }) => ({ city, tempC: 3, sky: "snow" }),
});
const agent = new Agent({
  name: "forecaster",
  modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
  tools: [weather],
  instrumentation: studio(),
});
const result = await agent.run("What is the weather in Oslo?");
console.log(JSON.stringify({ text: result.text }));
`;

let project: UserProject;
const children: ChildProcess[] = [];

/** Starts an installed bin on plain Node and reads the first line matching `pattern` from its output. */
async function startBin(args: string[], pattern: RegExp): Promise<string> {
  const child = spawn(process.execPath, args, {
    cwd: project.dir,
    env: environmentWithoutAws(),
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  for await (const line of createInterface({ input: child.stdout! })) {
    const match = pattern.exec(line);
    if (match?.[1]) return match[1];
  }
  throw new Error(`${args[0]} exited before printing ${pattern}`);
}

beforeAll(async () => {
  project = await createUserProject({
    packsDir: inject("packsDir"),
    lode: ["@lode/core", "@lode/tools", "@lode/studio", "@lode/bedrock-local"],
    dependencies: { zod: "^4.6.7" },
  });
  await project.write("agent.mjs", AGENT_PROGRAM);
  await project.write("script.json", JSON.stringify(SCRIPT));
});

afterAll(async () => {
  for (const child of children) {
    child.kill("SIGTERM");
    if (child.exitCode === null) await once(child, "exit");
  }
  await project?.remove();
});

describe("Lode Studio installed from its tarball", () => {
  test("lode-studio serves its page, and an agent configured by the environment reports its run to it", async () => {
    const studioUrl = await startBin(
      ["node_modules/@lode/studio/bin/lode-studio.js", "--port", "0"],
      /(http:\/\/127\.0\.0\.1:\d+\/\?token=\w+)/,
    );
    const endpoint = await startBin(
      [
        "node_modules/@lode/bedrock-local/bin/lode-bedrock-local.js",
        "--script",
        "script.json",
        "--access-key",
        `${KEY.id}:${KEY.secret}`,
      ],
      /listening on (\S+)/,
    );

    const page = await fetch(studioUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<script");
    const withoutToken = await fetch(new URL("/api/runs", studioUrl));
    expect(withoutToken.status).toBe(401);

    const node = await nodeBinary(24);
    const { stdout } = await execFileAsync(node, ["agent.mjs"], {
      cwd: project.dir,
      env: {
        ...environmentWithoutAws(),
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: KEY.id,
        AWS_SECRET_ACCESS_KEY: KEY.secret,
        AWS_ENDPOINT_URL_BEDROCK_RUNTIME: endpoint,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        LODE_STUDIO_URL: studioUrl,
      },
    });
    expect(JSON.parse(stdout)).toEqual({ text: "It is 3 °C and snowing in Oslo." });

    // The program exited: its last reports were sent before it did.
    const token = new URL(studioUrl).searchParams.get("token") ?? "";
    const list = await fetch(new URL("/api/runs", studioUrl), { headers: { "x-lode-studio-token": token } });
    const { runs } = (await list.json()) as { runs: { id: string; name: string; status: string }[] };
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ name: "forecaster", status: "done" });
    const opened = await fetch(new URL(`/api/runs/${runs[0]?.id}`, studioUrl), {
      headers: { "x-lode-studio-token": token },
    });
    const run = (await opened.json()) as {
      steps: { request?: { messages?: unknown[] }; answer?: { stopReason: string } }[];
      calls: { toolName: string; status: string }[];
    };
    expect(run.steps.map((step) => step.answer?.stopReason)).toEqual(["tool_use", "end_turn"]);
    expect(run.steps[1]?.request?.messages).toHaveLength(3);
    expect(run.calls).toMatchObject([{ toolName: "get_weather", status: "success" }]);
    // Credentials never reach the studio.
    expect(JSON.stringify(run)).not.toContain(KEY.secret);
    expect(JSON.stringify(run)).not.toContain(KEY.id);
  });
});
