import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, test } from "vitest";
import { scriptedAgentPerTest, scriptOf } from "../support/scripted-agent.js";
import { closedPortUrl, type FakeStudio, startFakeStudio } from "./reporter-fake-studio.js";

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL("./reporter-exit-script.ts", import.meta.url));
const startAgent = scriptedAgentPerTest();
const fakes: FakeStudio[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

describe("a script that reports to the studio", () => {
  test("exits on its own once its run ended, after sending the run's last reports", async () => {
    const fake = await startFakeStudio();
    fakes.push(fake);
    const harness = await startAgent(scriptOf({ text: "Bye." }));
    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", SCRIPT, harness.server.clientConfig.endpoint as string, fake.url],
      {
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
        // A process that hung would fail the test here, not hold the suite.
        timeout: 15_000,
      },
    );
    const { runId } = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");

    const runEnd = fake
      .reports()
      .find((report) => report.kind === "event" && report.event.type === "run-end");
    expect(runEnd).toMatchObject({ event: { runId, result: { text: "Bye." } } });
  });

  test("exits on its own when the studio is down", async () => {
    const harness = await startAgent(scriptOf({ text: "Bye." }));
    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", SCRIPT, harness.server.clientConfig.endpoint as string, await closedPortUrl()],
      { env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" }, timeout: 15_000 },
    );
    expect(JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}").runId).toEqual(expect.any(String));
  });
});
