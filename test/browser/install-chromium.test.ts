import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { findChromium } from "./support/chromium-path.js";

const SCRIPT = fileURLToPath(new URL("../../scripts/install-chromium.sh", import.meta.url));

function runScript(env: NodeJS.ProcessEnv): { status: number | null; stderr: string } {
  const { status, stderr } = spawnSync("bash", [SCRIPT], {
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  return { status, stderr };
}

describe("scripts/install-chromium.sh", () => {
  test("refuses a LODE_CHROMIUM that is not an executable file, and says what to install", () => {
    const { status, stderr } = runScript({ LODE_CHROMIUM: "/nowhere/chrome" });
    expect(status).toBe(1);
    expect(stderr).toContain("LODE_CHROMIUM is /nowhere/chrome, which is not an executable file.");
    expect(stderr).toContain("pnpm --dir test exec playwright-core install chromium");
  });

  test("accepts the browser LODE_CHROMIUM names and installs nothing", () => {
    expect(runScript({ LODE_CHROMIUM: findChromium() })).toEqual({ status: 0, stderr: "" });
  });
});
