import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startWeatherDesk } from "../studio/support/studio-jobs.js";
import { openRun, rowWithStatus, useStudioPages } from "./support/studio-page.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const VITEST = path.join(REPO, "node_modules/vitest/vitest.mjs");

const { openStudio, later } = useStudioPages();

/**
 * As test/studio/actions-save-as-test.test.ts does: the studio writes the test under test/studio/ (so it
 * imports the workspace's packages, as a user's would from their project), the file is renamed from
 * `.test.ts` to `.saved.ts` at once (a main run collecting files meanwhile does not pick it up), and it runs
 * in a child vitest whose config includes only `*.saved.ts`. The folder is deleted after.
 */
let folder: string;

beforeAll(async () => {
  folder = path.join(REPO, "test/studio", `tmp-browser-saved-${randomBytes(4).toString("hex")}`);
  await mkdir(folder, { recursive: true });
  await writeFile(
    path.join(folder, "vitest.config.mjs"),
    'export default { test: { include: ["*.saved.ts"], testTimeout: 20000 } };\n',
  );
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function runSaved(file: string): Promise<{ passed: boolean; output: string }> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith("VITEST") && key !== "NODE_OPTIONS"),
  );
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [VITEST, "run", path.basename(file), "--config", "vitest.config.mjs", "--root", folder],
      { cwd: folder, env: { ...env, CI: "1" }, timeout: 60_000 },
    );
    return { passed: true, output: stdout + stderr };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return { passed: false, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

describe("Save as test on the studio's page", () => {
  test("writes a test file and its recordings, and the test passes as saved", {
    timeout: 90_000,
  }, async () => {
    const { page, reporter } = await openStudio({ testsDir: folder });
    const desk = await startWeatherDesk(reporter);
    later(() => desk.close());
    const { runId } = await desk.agent.run("Weather in Lisbon and Oslo?");
    await rowWithStatus(page, runId, "done");
    await openRun(page, runId);

    await page.getByTestId("save-test").click();
    const saved = page.getByTestId("saved-test");
    await saved.waitFor();
    const testFile = (await saved.getAttribute("data-test-file")) ?? "";
    const hidden = testFile.replace(/\.test\.ts$/, ".saved.ts");
    await rename(testFile, hidden);
    expect(path.dirname(testFile)).toBe(folder);
    expect(await saved.getByTestId("saved-test-file").textContent()).toBe(testFile);
    const recordings = (await saved.getByTestId("saved-test-recordings").textContent()) ?? "";
    expect((await stat(recordings)).isDirectory()).toBe(true);
    // One recording per model call that answered (the throttled attempt is not one).
    expect(await readdir(recordings)).toHaveLength(2);

    const run = await runSaved(hidden);
    expect(run.output).toMatch(/1 passed/);
    expect(run.passed).toBe(true);
  });
});
