import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../..", import.meta.url));

/** Packs every package once for the whole run; tests read the folder from `inject("packsDir")`. */
export default async function packOnce(project: TestProject): Promise<void> {
  const packsDir = process.env.LODE_PACKS_DIR ?? `${root}test/.artifacts/packs`;
  if (!process.env.LODE_PACKS_DIR) {
    await run("bash", ["scripts/pack.sh", packsDir], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  }
  project.provide("packsDir", packsDir);
}

declare module "vitest" {
  export interface ProvidedContext {
    packsDir: string;
  }
}
