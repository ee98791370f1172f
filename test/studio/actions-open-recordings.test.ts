import { copyFile, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { compareRuns } from "../../packages/studio/src/actions/compare-runs.js";
import { openRecordings } from "../../packages/studio/src/actions/open-recordings.js";
import { saveAsTest } from "../../packages/studio/src/actions/save-as-test.js";
import { RECORDINGS_DIR } from "../support/recordings.js";
import { weatherRun } from "./fixtures/weather-run.js";

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

async function temporaryFolder(): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), "lode-studio-recordings-"));
  folders.push(folder);
  return folder;
}

describe("opening a folder of recordings as runs", () => {
  test("reads the shared corpus's ConverseStream recordings: answers, tool calls, usage and errors", async () => {
    const folder = await temporaryFolder();
    const names = (await readdir(RECORDINGS_DIR)).filter((name) => name.startsWith("converse-stream."));
    for (const name of names) await copyFile(path.join(RECORDINGS_DIR, name), path.join(folder, name));
    const [run, ...others] = await openRecordings(folder);
    expect(others).toEqual([]);
    if (!run) throw new Error("no run opened");
    // One step per exchange, in file order: the parallel tool-use cassette holds two.
    expect(run.steps).toHaveLength(names.length + 1);
    expect(run.steps.map((step) => step.step)).toEqual(run.steps.map((_, index) => index + 1));
    expect(run.status).toBe("failed");

    const error = run.steps.find((step) => step.modelId === "does-not-exist");
    expect(error?.error).toMatchObject({
      code: "invalid-request",
      awsName: "ValidationException",
      httpStatus: 400,
      message: expect.stringContaining("model identifier is invalid"),
    });
    expect(run.error).toEqual(error?.error);

    const parallel = run.steps.filter((step) => step.modelId === "amazon.nova-micro-v1:0");
    expect(parallel).toHaveLength(2);
    const uses = (parallel[0]?.answer?.message.content ?? []).flatMap((block) =>
      block.toolUse ? [block.toolUse] : [],
    );
    expect(uses.map((use) => [use.name, use.input])).toEqual([
      ["get_current_weather", { location: "Seattle" }],
      ["get_current_weather", { location: "San Francisco" }],
    ]);
    expect(parallel[0]?.answer).toMatchObject({
      stopReason: "tool_use",
      usage: { inputTokens: 415, outputTokens: 202, totalTokens: 617, latencyMs: 625 },
      requestId: "74f31869-e1ef-4224-b9d8-3f143d117f77",
    });
    // The calls, answered by the next request's tool results.
    const calls = run.calls.filter((call) => uses.some((use) => use.toolUseId === call.toolUseId));
    expect(calls.map((call) => call.status)).toEqual(["success", "success"]);
    expect(calls[0]?.content?.length).toBeGreaterThan(0);

    const signed = run.steps.find((step) =>
      step.answer?.message.content?.some((block) => block.reasoningContent?.reasoningText?.signature),
    );
    expect(signed?.modelId).toBe("us.anthropic.claude-sonnet-4-20250514-v1:0");
    const cited = run.steps.find((step) =>
      step.answer?.message.content?.some((block) => block.citationsContent),
    );
    expect(cited).toBeDefined();
  });

  test("a saved test's recordings open as the run they were saved from", async () => {
    const { record } = await weatherRun();
    const testsDir = await temporaryFolder();
    await saveAsTest(record, { testsDir, name: "weather" });
    await saveAsTest(record, { testsDir, name: "weather" });
    const runs = await openRecordings(testsDir);
    expect(runs.map((run) => run.name).sort()).toEqual(["weather", "weather-2"]);
    const opened = runs.find((run) => run.name === "weather");
    if (!opened) throw new Error("no run opened");
    expect(opened.text).toBe("It is sunny in Lisbon, 24 °C.");
    expect(opened.stopReason).toBe("end_turn");
    expect(opened.calls.map((call) => [call.toolName, call.input, call.status])).toEqual([
      ["get_weather", { city: "Lisbon" }, "success"],
    ]);
    const comparison = compareRuns(record, opened);
    expect(comparison.steps.flatMap((step) => [...step.request, ...step.answer])).toEqual([]);
    // The same folder opened again is the same run.
    expect((await openRecordings(testsDir)).map((run) => run.id)).toEqual(runs.map((run) => run.id));
  });
});
