import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * A path inside the repository, found by walking up to `pnpm-workspace.yaml`, so it resolves the same
 * whether a benchmark runs from its source or from its bundle in `.bench-out/`.
 */
export function repoPath(relative: string): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "pnpm-workspace.yaml"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("bench: cannot find the repository root (pnpm-workspace.yaml)");
    dir = parent;
  }
  return path.join(dir, relative);
}
