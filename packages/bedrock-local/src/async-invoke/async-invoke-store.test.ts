import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import type { StartAsyncInvokeRequest } from "./async-invoke-job.js";
import { AsyncInvokeStore } from "./async-invoke-store.js";
import type { JobOutcome } from "./run-job.js";

/**
 * Closing the server stops pending jobs where they are. What waits for a job (StartAsyncInvoke answering
 * only once its job ended) must not wait forever: each job's `ended` settles on close, and no output is
 * written after it. The store is driven directly, since only a job held open by a test hook can be pending
 * when its server closes.
 */
const request: StartAsyncInvokeRequest = {
  modelId: "amazon.nova-reel-v1:1",
  modelInput: { taskType: "TEXT_VIDEO" },
  s3OutputDataConfig: { s3Uri: "s3://bucket/videos" },
};
const completed: JobOutcome = { kind: "completed", files: [{ name: "output.json", content: { ok: true } }] };

const folders: string[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

async function outputDir(): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), "async-invoke-close-"));
  folders.push(folder);
  return folder;
}

test("a job held by holdUntil settles `ended` on close, stays InProgress and writes nothing", async () => {
  const dir = await outputDir();
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const store = new AsyncInvokeStore({ completeAfterMs: 0, holdUntil: () => held, outputDir: dir });
  const { job, ended } = store.start(request, async () => completed);

  store.close();
  await ended;
  release();
  await held;
  expect(job.status).toBe("InProgress");
  expect(await readdir(dir)).toEqual([]);
});

test("a job waiting out completeAfterMs settles `ended` on close", async () => {
  const dir = await outputDir();
  const store = new AsyncInvokeStore({ completeAfterMs: 3_600_000, outputDir: dir });
  const { job, ended } = store.start(request, async () => completed);

  store.close();
  await ended;
  expect(job.status).toBe("InProgress");
  expect(await readdir(dir)).toEqual([]);
});

test("a job whose model call never returns settles `ended` on close", async () => {
  const store = new AsyncInvokeStore({ completeAfterMs: 0, outputDir: await outputDir() });
  const { job, ended } = store.start(request, () => new Promise<JobOutcome>(() => {}));

  store.close();
  await ended;
  expect(job.status).toBe("InProgress");
});

test("a job that ends before close is untouched by it", async () => {
  const dir = await outputDir();
  const store = new AsyncInvokeStore({ completeAfterMs: 0, outputDir: dir });
  const { job, ended } = store.start(request, async () => completed);

  await ended;
  store.close();
  expect(job.status).toBe("Completed");
  expect(await readdir(dir)).toEqual(["bucket"]);
});
