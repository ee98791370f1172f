import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const VITEST = path.join(REPO, "node_modules/vitest/vitest.mjs");

/**
 * Where "save as test" writes in these tests: a fresh folder under test/studio/ (so a saved test imports
 * @lode/core, @lode/testing and vitest from the workspace, as a user's would from their project). A saved
 * file is renamed from `.test.ts` to `.saved.ts` at once, so a main test run collecting files meanwhile does
 * not pick it up (and would pass it if it did, for an instant: it is a real test, its recordings next to it);
 * it runs in a child vitest whose config includes only `*.saved.ts`. `remove()` deletes the folder.
 */
export interface SavedTestsFolder {
  readonly folder: string;
  /** Runs one saved file in a child vitest: whether it passed, and what it printed. */
  run(file: string): Promise<{ passed: boolean; output: string }>;
  remove(): Promise<void>;
}

export async function savedTestsFolder(prefix: string): Promise<SavedTestsFolder> {
  const folder = path.join(REPO, "test/studio", `${prefix}-${randomBytes(4).toString("hex")}`);
  await mkdir(folder, { recursive: true });
  await writeFile(
    path.join(folder, "vitest.config.mjs"),
    'export default { test: { include: ["*.saved.ts"], testTimeout: 20000 } };\n',
  );
  return {
    folder,
    run: (file) => runSaved(folder, file),
    remove: () => rm(folder, { recursive: true, force: true }),
  };
}

async function runSaved(folder: string, file: string): Promise<{ passed: boolean; output: string }> {
  // The parent vitest's own settings must not leak into the child's run.
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
