import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import {
  type StudioReporter,
  studio as studioReporter,
} from "../../../packages/studio/src/reporter/studio.js";
import { type Studio, startStudio } from "../../../packages/studio/src/server/start-studio.js";
import { type HeadlessChromium, launchChromium } from "./launch-chromium.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));

/**
 * Where the screenshots go: `docs/screenshots/` when `LODE_STUDIO_SCREENSHOTS=1` (to refresh the ones the
 * docs show), else `test/.artifacts/` so that an ordinary test run leaves the repository's files alone.
 */
export const SCREENSHOTS_DIR =
  process.env.LODE_STUDIO_SCREENSHOTS === "1"
    ? path.join(REPO, "docs/screenshots")
    : path.join(REPO, "test/.artifacts");

export interface OpenedStudio {
  studio: Studio;
  page: Page;
  /** A reporter to the studio, flushing often (each test's agents report through it). */
  reporter: StudioReporter;
}

export interface StudioPages {
  /** Starts a studio (its tests written to `testsDir`, else a temporary folder) and opens its page. */
  openStudio(options?: { testsDir?: string }): Promise<OpenedStudio>;
  /** Runs `close` after the test (a scripted agent, a folder). */
  later(close: () => Promise<unknown>): void;
}

/**
 * Registers the hooks of a test file that drives the studio's page: one headless Chromium for the file, and
 * each test's studio, tabs and whatever it handed to `later` closed after it.
 */
export function useStudioPages(): StudioPages {
  let chromium: HeadlessChromium | undefined;
  const closers: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    chromium = await launchChromium({ width: 1280, height: 900 });
  }, 30_000);
  afterEach(async () => {
    // The newest first: pages, then the agents and the studio they report to.
    for (const close of closers.splice(0).reverse()) await close().catch(() => {});
  });
  afterAll(async () => {
    await chromium?.close();
  }, 30_000);

  return {
    later: (close) => closers.push(close),
    async openStudio(options = {}) {
      if (!chromium) throw new Error("Chromium has not started: open the studio inside tests.");
      let testsDir = options.testsDir;
      if (!testsDir) {
        const folder = await mkdtemp(path.join(tmpdir(), "lode-studio-tests-"));
        closers.push(() => rm(folder, { recursive: true, force: true }));
        testsDir = folder;
      }
      const studio = await startStudio({ port: 0, testsDir });
      closers.push(() => studio.close());
      const reporter = studioReporter({ url: studio.url, flushIntervalMs: 10 });
      const page = await chromium.context.newPage();
      closers.push(() => page.close());
      page.setDefaultTimeout(15_000);
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(studio.url);
      await page.getByTestId("live-status").and(page.locator('[data-state="live"]')).waitFor();
      return { studio, page, reporter };
    },
  };
}

/** The list's row of run `runId`. */
export const runRow = (page: Page, runId: string): Locator =>
  page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`);

/** Waits until run `runId`'s row shows `status`. */
export async function rowWithStatus(page: Page, runId: string, status: string): Promise<Locator> {
  const row = page.locator(`[data-testid="run-row"][data-run-id="${runId}"][data-status="${status}"]`);
  await row.waitFor();
  return row;
}

/** Opens run `runId` (its row), and waits for its title. */
export async function openRun(page: Page, runId: string): Promise<void> {
  await runRow(page, runId).click();
  await page.getByTestId("run-title").waitFor();
}

/** Opens step `step` of the open run (its bar), and waits for its detail. */
export async function openStep(page: Page, step: number): Promise<Locator> {
  await page.locator(`[data-testid="step-bar"][data-step="${step}"]`).click();
  const detail = page.locator(`[data-testid="step-detail"][data-step="${step}"]`);
  await detail.waitFor();
  return detail;
}

/**
 * Screenshots of the page as it is, at 1280 px (900 high) and at 390 px (844 high), as
 * `studio-<name>-1280.png` and `studio-<name>-390.png` (scrolled to `scrollTo` first); the viewport is 1280 px
 * wide again after.
 */
export async function screenshots(
  page: Page,
  name: string,
  options: { fullPage?: boolean; scrollTo?: Locator } = {},
) {
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  for (const [width, height] of [
    [390, 844],
    [1280, 900],
  ] as const) {
    await page.setViewportSize({ width, height });
    // A frame for the layout to settle at the new width before the picture.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done(undefined))));
    await options.scrollTo?.evaluate((element) => element.scrollIntoView({ block: "start" }));
    await page.screenshot({
      path: path.join(SCREENSHOTS_DIR, `studio-${name}-${width}.png`),
      fullPage: options.fullPage ?? false,
    });
  }
}
