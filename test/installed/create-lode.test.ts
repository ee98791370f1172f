// `npm create lode` as a person runs it, outside the workspace: the create-lode tarball scaffolds each
// template against the packed Lode tarballs (--packages), then the two commands its README starts with
// run as written, on Node 20 and on Node 22, with no AWS settings (so bedrock-local answers).
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { launchChromium } from "../browser/support/launch-chromium.js";
import { type CommandOutput, readmeCommands, runShell, startShell, userEnv } from "./support/run-command.js";

const run = promisify(execFile);
const root = new URL("../../", import.meta.url).pathname;
const packsDir = inject("packsDir");
const scratch = mkdtempSync(join(tmpdir(), "create-lode-e2e-"));
const timings: string[] = [];
/** A README command without its comment, for the timings. */
const short = (command: string | undefined) => (command ?? "").split("#")[0]?.trim();
let node22 = "";

const TEMPLATES = ["agent", "chat", "durable"] as const;
/** What the scripted model answers, in every template. */
const ANSWER = "Lisbon is sunny at 21 °C (70 °F): a good day for a walk by the river.";

function time(label: string, output: CommandOutput): CommandOutput {
  timings.push(`${label}: ${(output.ms / 1000).toFixed(1)} s`);
  return output;
}

function expectSuccess(output: CommandOutput, what: string): void {
  if (output.code !== 0)
    throw new Error(
      `${what} exited with ${output.code}\nstdout:\n${output.stdout}\nstderr:\n${output.stderr}`,
    );
}

/** What stderr may hold: nothing but npm's own notices. */
function unexpectedStderr(stderr: string): string[] {
  return stderr.split("\n").filter((line) => line.trim() !== "" && !/^npm (notice|warn)/i.test(line));
}

beforeAll(async () => {
  node22 = (await run("bash", ["scripts/install-node.sh", "22"], { cwd: root })).stdout.trim();
  // The `npm create lode` path: npm exec runs the package's bin from the tarball, once per template.
  const env = userEnv(process.execPath);
  for (const template of TEMPLATES) {
    const created = await runShell(
      `npm exec --yes --package=${join(packsDir, "create-lode-0.1.0.tgz")} -- create-lode ${template}-app --template ${template} --packages ${packsDir}`,
      scratch,
      env,
    );
    expectSuccess(time(`scaffold ${template}`, created), `create-lode --template ${template}`);
    expect(created.stdout).toContain(`Created ${template}-app (the ${template} template)`);
  }
}, 180_000);

afterAll(() => {
  process.stdout.write(`create-lode end to end:\n  ${timings.join("\n  ")}\n`);
  rmSync(scratch, { recursive: true, force: true });
});

const QUESTION = "What's the weather in Lisbon, in °C and °F?";

/** What a program sees: the page, the client modules it imports, and a run streamed as events. */
async function askOverHttp(url: string): Promise<void> {
  const page = await (await fetch(`${url}/`)).text();
  expect(page).toContain('import { streamAgent } from "@lode/core/client"');
  expect(await (await fetch(`${url}/lode/client.js`)).text()).toContain("streamAgent");
  const response = await fetch(`${url}/api/chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ message: QUESTION, sessionId: "e2e" }),
  });
  expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const events = (await response.text())
    .split("\n")
    .filter((line) => line.startsWith("data:"))
    .map(
      (line) => JSON.parse(line.slice("data:".length)) as { type: string; text?: string; toolName?: string },
    );
  expect(events.filter((e) => e.type === "tool-call").map((e) => e.toolName)).toEqual([
    "get_weather",
    "convert_temperature",
  ]);
  const text = events.flatMap((e) => (e.type === "text-delta" ? [e.text] : [])).join("");
  expect(text).toContain(ANSWER);
  expect(events.at(-1)?.type).toBe("run-end");
}

/** What a person sees: the question typed into the page in Chromium, the answer streamed into it. */
async function askInThePage(url: string): Promise<void> {
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(url);
    await page.fill('input[name="message"]', QUESTION);
    await page.click('button[type="submit"]');
    await page.waitForFunction(
      (answer) => [...document.querySelectorAll(".answer")].at(-1)?.textContent === answer,
      ANSWER,
      { timeout: 20_000 },
    );
    // In the order they streamed: the text before the tool calls, the calls, then the answer.
    const lines = await page.locator("#log p").allTextContents();
    expect(lines).toEqual([
      QUESTION,
      "Let me look up the weather in Lisbon.",
      '→ get_weather {"city":"Lisbon"}',
      '→ convert_temperature {"celsius":21}',
      ANSWER,
    ]);
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}

describe("npm create lode", () => {
  test.concurrent.each(TEMPLATES)(
    "the %s template's README commands work on Node 20 and Node 22",
    async (template) => {
      const project = join(scratch, `${template}-app`);
      const readme = readFileSync(join(project, "README.md"), "utf8");
      expect(readme.startsWith(`# ${template}-app\n`)).toBe(true);
      const [start, check, ...more] = readmeCommands(readme);
      expect(more).toEqual([]);
      expect(start).toMatch(/^npm install && npm start\b/);
      expect(check).toMatch(/^npm install && npm test\b/);

      for (const [label, nodeBin] of [
        ["Node 20", process.execPath],
        ["Node 22", node22],
      ] as const) {
        const env = userEnv(nodeBin, { PORT: "0" });
        const version = await runShell("node --version", project, env);
        expect(version.stdout.trim()).toMatch(label === "Node 20" ? /^v20\./ : /^v22\./);

        if (template === "chat") {
          // A server: start it, ask it over HTTP as the page does, stop it.
          const server = startShell(start as string, project, env);
          try {
            const [, url] = await server.waitFor(/Chat at (http:\/\/127\.0\.0\.1:\d+)/);
            await askOverHttp(url as string);
            await askInThePage(url as string);
          } finally {
            const output = time(
              `${template} ${label}: npm install && npm start (until stopped)`,
              await server.stop(),
            );
            expect(unexpectedStderr(output.stderr)).toEqual([]);
          }
        } else {
          const started = time(
            `${template} ${label}: ${short(start)}`,
            await runShell(start as string, project, env),
          );
          expectSuccess(started, `${template}: ${start}`);
          expect(started.stdout).toContain(ANSWER);
          expect(started.stdout).toContain("→ get_weather");
          expect(unexpectedStderr(started.stderr)).toEqual([]);
          if (label === "Node 20") {
            // The program keeps the AWS SDK's Node 20 notice away by itself, without the variable set.
            const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _, ...bare } = env;
            const alone = await runShell("node dist/main.js", project, bare);
            expectSuccess(alone, `${template}: node dist/main.js`);
            expect(alone.stdout).toContain(ANSWER);
            expect(alone.stderr).toBe("");
          }
        }

        const tested = time(
          `${template} ${label}: ${short(check)}`,
          await runShell(check as string, project, env),
        );
        expectSuccess(tested, `${template}: ${check}`);
        expect(tested.stdout).toMatch(/Test Files\s+\d+ passed/);
        expect(tested.stdout).not.toMatch(/failed/);
      }
    },
    // On a fresh machine npm's cache is empty and the three projects install at once, with whatever
    // else the machine runs: generous, since a slow install is not what this test checks.
    480_000,
  );
});
