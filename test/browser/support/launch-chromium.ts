import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { findChromium } from "./chromium-path.js";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface HeadlessChromium {
  context: BrowserContext;
  /** Closes the browser and deletes its profile; safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Starts headless Chromium (the one `findChromium` picks: `LODE_CHROMIUM`, Debian's, one on PATH or
 * Playwright's download; playwright-core downloads nothing itself) with a fresh profile in a temporary folder.
 */
export async function launchChromium(viewport = { width: 1100, height: 900 }): Promise<HeadlessChromium> {
  const executablePath = findChromium();
  const profile = await mkdtemp(join(tmpdir(), "lode-chromium-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport,
      timeout: 20_000,
    });
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    context,
    close: () => {
      closing ??= (async () => {
        await context.close().catch(() => {});
        await rm(profile, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}
