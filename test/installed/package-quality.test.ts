import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, inject, test } from "vitest";

const execFileAsync = promisify(execFile);
const packsDir = inject("packsDir");
const tarballs = readdirSync(packsDir).filter((file) => file.endsWith(".tgz"));

/** Runs a dev tool of the workspace; resolves to its exit code and output. */
async function runTool(args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await execFileAsync("pnpm", ["exec", ...args], {
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

describe("every packed package, as a release would publish it", () => {
  test("is one tarball per package", () => {
    expect(tarballs.length).toBeGreaterThanOrEqual(7);
  });

  test.each(tarballs)("%s: publint reports nothing", async (tarball) => {
    const { code, output } = await runTool(["publint", "run", "--strict", join(packsDir, tarball)]);
    expect(output).toContain("All good!");
    expect(code).toBe(0);
  });

  // ESM only: CommonJS consumers use import(), so the esm-only profile sets aside node10 and
  // node16-from-CJS resolution. Every other resolution must have no problem at all.
  test.each(tarballs)("%s: attw finds no problem with its types", async (tarball) => {
    const args = ["attw", join(packsDir, tarball), "--profile", "esm-only", "--format", "json"];
    const { code, output } = await runTool(args);
    const report = JSON.parse(output) as { problems: Record<string, { resolutionKind?: string }[]> };
    const counted = Object.values(report.problems)
      .flat()
      .filter((problem) => problem.resolutionKind !== "node10" && problem.resolutionKind !== "node16-cjs");
    expect(counted).toEqual([]);
    expect(code).toBe(0);
  });
});
