import { readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { RunRecord } from "@lode/studio";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { saveAsTest } from "../../packages/studio/src/actions/save-as-test.js";
import { weatherRun } from "./fixtures/weather-run.js";
import { type SavedTestsFolder, savedTestsFolder } from "./support/saved-tests.js";

/** The saved tests' folder, and how they are run without the main run collecting them: see `savedTestsFolder`. */
let savedTests: SavedTestsFolder;
let folder: string;
let record: RunRecord;

beforeAll(async () => {
  savedTests = await savedTestsFolder("tmp-saved");
  folder = savedTests.folder;
  ({ record } = await weatherRun());
});

afterAll(async () => {
  await savedTests?.remove();
});

/** Saves `run` as a test under `folder`, and renames its file to `.saved.ts`. */
async function saveAndHide(run: RunRecord, name: string) {
  const saved = await saveAsTest(run, { testsDir: folder, name });
  const file = saved.testFile.replace(/\.test\.ts$/, ".saved.ts");
  await rename(saved.testFile, file);
  return { ...saved, file };
}

describe("saving a run as a test", () => {
  test("writes one recording per model call and a test that passes when run as saved", async () => {
    const saved = await saveAndHide(record, "weather lisbon");
    expect(path.basename(saved.recordings)).toBe("weather-lisbon.recordings");
    expect((await readdir(saved.recordings)).sort()).toEqual([
      "000001.converse-stream.test-model.json",
      "000002.converse-stream.test-model.json",
    ]);
    const source = await readFile(saved.file, "utf8");
    expect(source).toContain('startBedrockFixture({ recordings, mode: "replay" })');
    expect(source).toContain('name: "get_weather"');
    const run = await savedTests.run(saved.file);
    expect(run.output).toMatch(/1 passed/);
    expect(run.passed).toBe(true);
  }, 90_000);

  test("the saved test fails, saying where the request differs, when the system prompt changes", async () => {
    const saved = await saveAndHide(record, "weather changed");
    const source = await readFile(saved.file, "utf8");
    const changed = source.replace("Use the tool; never guess.", "Use the tool; guess freely.");
    expect(changed).not.toBe(source);
    await writeFile(saved.file, changed);
    const run = await savedTests.run(saved.file);
    expect(run.passed).toBe(false);
    expect(run.output).toContain("no recording matches");
    expect(run.output).toContain("system[0].text");
  }, 90_000);

  test("never overwrites: a taken name gets a suffix", async () => {
    const first = await saveAsTest(record, { testsDir: folder, name: "twice" });
    const second = await saveAsTest(record, { testsDir: folder, name: "twice" });
    for (const saved of [first, second])
      await rename(saved.testFile, saved.testFile.replace(/\.test\.ts$/, ".saved.ts"));
    expect(path.basename(first.testFile)).toBe("twice.test.ts");
    expect(path.basename(second.testFile)).toBe("twice-2.test.ts");
    expect(path.basename(second.recordings)).toBe("twice-2.recordings");
  });

  test("names the test after the agent and the run when no name is given", async () => {
    const saved = await saveAsTest(record, { testsDir: folder });
    await rename(saved.testFile, saved.testFile.replace(/\.test\.ts$/, ".saved.ts"));
    expect(path.basename(saved.testFile)).toMatch(/^weather-[A-Za-z0-9]{8}\.test\.ts$/);
  });

  test("refuses, saying why, a run it cannot replay", async () => {
    const refused = (run: RunRecord) => saveAsTest(run, { testsDir: folder, name: "refused" });
    const withoutRequests = { ...record, steps: record.steps.map(({ request: _request, ...step }) => step) };
    await expect(refused(withoutRequests)).rejects.toThrow(/content capture was off/);
    const handedOff: RunRecord = {
      ...record,
      marks: [{ kind: "handoff", at: 0, step: 1, from: "weather", to: "billing" }],
    };
    await expect(refused(handedOff)).rejects.toThrow(/handed the conversation/);
    await expect(refused({ ...record, children: ["sub-run"] })).rejects.toThrow(/sub-agents/);
    const failedStep = {
      ...record,
      steps: record.steps.map(({ answer: _answer, ...step }) => ({
        ...step,
        error: { code: "throttled" as const, message: "Too many requests." },
      })),
    };
    await expect(refused(failedStep)).rejects.toThrow(/model call failed \(throttled: Too many requests\.\)/);
    const failedRun: RunRecord = {
      ...record,
      status: "failed",
      error: { code: "invalid-output", message: "The output did not match its schema." },
    };
    await expect(refused(failedRun)).rejects.toThrow(/it failed \(invalid-output: The output did not match/);
    expect((await readdir(folder)).filter((name) => name.startsWith("refused"))).toEqual([]);
  });
});
