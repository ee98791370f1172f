import { readdir, rename, stat } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type SavedTestsFolder, savedTestsFolder } from "../studio/support/saved-tests.js";
import { startWeatherDesk } from "../studio/support/studio-jobs.js";
import { openRun, rowWithStatus, useStudioPages } from "./support/studio-page.js";

const { openStudio, later } = useStudioPages();

/** As test/studio/actions-save-as-test.test.ts does: see `savedTestsFolder`. */
let savedTests: SavedTestsFolder;
let folder: string;

beforeAll(async () => {
  savedTests = await savedTestsFolder("tmp-browser-saved");
  folder = savedTests.folder;
});

afterAll(async () => {
  await savedTests?.remove();
});

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

    const run = await savedTests.run(hidden);
    expect(run.output).toMatch(/1 passed/);
    expect(run.passed).toBe(true);
  });
});
