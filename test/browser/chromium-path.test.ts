import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { DEBIAN_CHROMIUM, findChromium, INSTALL_HINT } from "./support/chromium-path.js";
import { launchChromium } from "./support/launch-chromium.js";

const MANAGED = "/home/me/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome";

/** A file system holding only `files`, and Playwright's download at MANAGED. */
function only(...files: string[]) {
  return { isExecutable: (path: string) => files.includes(path), playwrightPath: () => MANAGED };
}

describe("which Chromium the browser tests drive", () => {
  test("takes LODE_CHROMIUM before every other browser", () => {
    const chosen = "/opt/chrome/chrome";
    const env = { LODE_CHROMIUM: chosen, PATH: "/usr/local/bin" };
    expect(findChromium({ env, ...only(chosen, DEBIAN_CHROMIUM, "/usr/local/bin/chromium", MANAGED) })).toBe(
      chosen,
    );
  });

  test("refuses a LODE_CHROMIUM that is not an executable file, naming it", () => {
    const env = { LODE_CHROMIUM: "/nowhere/chrome" };
    expect(() => findChromium({ env, ...only(DEBIAN_CHROMIUM) })).toThrow(
      `LODE_CHROMIUM is /nowhere/chrome, which is not an executable file. ${INSTALL_HINT}`,
    );
  });

  test("falls back to Debian's chromium, then a chromium on PATH, then Playwright's download", () => {
    const env = { PATH: "/usr/local/bin:/opt/homebrew/bin" };
    const onPath = "/opt/homebrew/bin/chromium";
    expect(findChromium({ env, ...only(DEBIAN_CHROMIUM, onPath, MANAGED) })).toBe(DEBIAN_CHROMIUM);
    expect(findChromium({ env, ...only(onPath, MANAGED) })).toBe(onPath);
    expect(findChromium({ env, ...only(MANAGED) })).toBe(MANAGED);
  });

  test("says what to install when there is no browser at all", () => {
    expect(() => findChromium({ env: { PATH: "/usr/bin" }, ...only() })).toThrow(
      `The browser tests found no Chromium. ${INSTALL_HINT}`,
    );
  });
});

describe("launching the browser", () => {
  test("starts the Chromium that LODE_CHROMIUM names", { timeout: 30_000 }, async () => {
    const folder = await mkdtemp(join(tmpdir(), "lode-chromium-path-"));
    const marker = join(folder, "started");
    const wrapper = join(folder, "chromium-wrapper");
    // Notes that it ran, then hands over to the browser the tests would otherwise find.
    await writeFile(wrapper, `#!/bin/sh\necho "$@" > "${marker}"\nexec "${findChromium()}" "$@"\n`);
    await chmod(wrapper, 0o755);
    const before = process.env.LODE_CHROMIUM;
    process.env.LODE_CHROMIUM = wrapper;
    try {
      const browser = await launchChromium();
      await browser.close();
      expect(await readFile(marker, "utf8")).toContain("--headless");
    } finally {
      if (before === undefined) delete process.env.LODE_CHROMIUM;
      else process.env.LODE_CHROMIUM = before;
      await rm(folder, { recursive: true, force: true });
    }
  });
});
