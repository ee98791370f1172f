import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, test } from "vitest";

const run = promisify(execFile);
const SAMPLE = fileURLToPath(new URL("./support/node-test-sample.ts", import.meta.url));

async function nodeTest(env: NodeJS.ProcessEnv = {}) {
  return run(process.execPath, ["--import", "tsx", "--test", "--test-reporter=tap", SAMPLE], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...env },
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );
}

describe("the kit under node:test", () => {
  test("a passing trajectory passes, and a failing one fails with the kit's message", {
    timeout: 60_000,
  }, async () => {
    const passing = await nodeTest();
    expect(passing.code).toBe(0);
    expect(passing.stdout).toContain("# pass 1");

    const failing = await nodeTest({ LODE_SAMPLE_FAIL: "1" });
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain("expected the tool calls to match (strict)");
  });
});
