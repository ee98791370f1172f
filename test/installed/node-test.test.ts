import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import {
  createUserProject,
  environmentWithoutAws,
  nodeBinary,
  type UserProject,
} from "./support/user-project.js";

const execFileAsync = promisify(execFile);

/**
 * A user's test for node:test (no vitest, no tsx), on the testing kit: the workspace's own sample, which is
 * plain JavaScript, run here as a `.mjs` file against the installed tarballs.
 */
const SAMPLE = fileURLToPath(new URL("../testing/support/node-test-sample.ts", import.meta.url));

let project: UserProject;
beforeAll(async () => {
  project = await createUserProject({
    packsDir: inject("packsDir"),
    lode: ["@lode/core", "@lode/tools", "@lode/testing", "@lode/bedrock-local"],
    dependencies: { zod: "^4.6.7", "@aws-sdk/client-bedrock-runtime": "^3.1163.0" },
  });
  await project.write("weather.test.mjs", await readFile(SAMPLE, "utf8"));
});
afterAll(() => project?.remove());

/** `node --test` on the project's test file, on Node `major`; resolves to its exit code and TAP output. */
async function nodeTest(major: number, env: Record<string, string> = {}) {
  const node = await nodeBinary(major);
  return execFileAsync(node, ["--test", "--test-reporter=tap", "weather.test.mjs"], {
    cwd: project.dir,
    env: { ...environmentWithoutAws(), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...env },
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );
}

describe("the testing kit, installed from its tarball, under node --test", () => {
  test("needs no vitest: it is an optional peer, for @lode/testing/vitest only", () => {
    expect(existsSync(join(project.dir, "node_modules", "vitest"))).toBe(false);
  });

  test.each([20, 22, 24])("passes a passing trajectory and fails a wrong one on Node %i", async (major) => {
    const passing = await nodeTest(major);
    expect(passing.stdout).toContain("# pass 1");
    expect(passing.code).toBe(0);

    const failing = await nodeTest(major, { LODE_SAMPLE_FAIL: "1" });
    expect(failing.stdout).toContain("expected the tool calls to match (strict)");
    expect(failing.code).toBe(1);
  });
});
