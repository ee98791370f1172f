import { access, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { SavedTest } from "../protocol/api.js";
import type { RunRecord } from "../protocol/run-record.js";
import { replayPlan } from "./replay-plan.js";
import { savableSteps } from "./savable-run.js";
import { testSource } from "./test-source.js";
import { writeRecordings } from "./write-recordings.js";

/**
 * Saves a run as a test: its model calls as a folder of recordings (`{name}.recordings/`, the testing kit's
 * replay format) and `{name}.test.ts` next to it, which replays them strictly and checks the run goes the
 * same way. Throws, with a message for the page, when the run cannot be replayed (content capture off,
 * handoffs, sub-agents, a failed model call). Never overwrites: a taken name gets a suffix.
 */
export async function saveAsTest(
  record: RunRecord,
  options: { testsDir: string; name?: string },
): Promise<SavedTest> {
  const steps = savableSteps(record);
  const plan = replayPlan(record, steps);
  await mkdir(options.testsDir, { recursive: true });
  const name = await freeName(options.testsDir, baseName(record, options.name));
  const recordings = path.join(options.testsDir, `${name}.recordings`);
  const testFile = path.join(options.testsDir, `${name}.test.ts`);
  try {
    await writeRecordings(recordings, steps, record.id);
    await writeFile(testFile, testSource(plan, `${name}.recordings`), { flag: "wx" });
  } catch (error) {
    await rm(recordings, { recursive: true, force: true });
    throw error;
  }
  return { testFile, recordings };
}

/** The name asked for, else the agent's name and the run id's first characters, made file-name safe. */
export function baseName(record: RunRecord, name: string | undefined): string {
  const wanted = name?.trim() || `${record.name}-${record.id.replace(/[^A-Za-z0-9]/g, "").slice(0, 8)}`;
  const safe = wanted
    .replace(/\.test\.ts$/, "")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[.-]+|[.-]+$/g, "")
    .slice(0, 80);
  return safe || "run";
}

/** `base`, or `base-2`, `base-3`… : the first whose test file and recordings folder are both free. */
async function freeName(folder: string, base: string): Promise<string> {
  for (let suffix = 1; ; suffix++) {
    const name = suffix === 1 ? base : `${base}-${suffix}`;
    const taken =
      (await exists(path.join(folder, `${name}.test.ts`))) ||
      (await exists(path.join(folder, `${name}.recordings`)));
    if (!taken) return name;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
