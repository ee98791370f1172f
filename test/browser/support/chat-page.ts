import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { type ChatServer, startChatServer } from "../../../examples/chat-ui/src/chat-server.js";
import { type HeadlessChromium, launchChromium } from "./launch-chromium.js";

/** Where the browser tests save their screenshots. */
export const ARTIFACTS_DIR = fileURLToPath(new URL("../../.artifacts/", import.meta.url));
/** An assistant turn on the chat page. */
export const TURN = '[data-testid="assistant-turn"]';

export interface ChatPages {
  /** Starts a chat server with `options` and opens its page in a new tab. */
  openChat(options: Parameters<typeof startChatServer>[0]): Promise<{ server: ChatServer; page: Page }>;
  /** The browser, once the file's `beforeAll` has started it. */
  readonly chromium: HeadlessChromium;
  /** Keeps `server` and `page` to close after the test. */
  track(server: ChatServer, page?: Page): void;
}

/**
 * Registers the hooks of a test file that drives the chat page: one headless Chromium for the file (with
 * `viewport`), and the servers and tabs each test opened closed after it.
 */
export function useChatPages(viewport?: { width: number; height: number }): ChatPages {
  let chromium: HeadlessChromium | undefined;
  const servers: ChatServer[] = [];
  const pages: Page[] = [];

  beforeAll(async () => {
    chromium = await launchChromium(viewport);
  }, 30_000);
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((page) => page.close().catch(() => {})));
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  afterAll(async () => {
    await chromium?.close();
  }, 30_000);

  const pagesOf: ChatPages = {
    get chromium() {
      if (!chromium) throw new Error("Chromium has not started: open chat pages inside tests.");
      return chromium;
    },
    track(server, page) {
      servers.push(server);
      if (page) pages.push(page);
    },
    async openChat(options) {
      const server = await startChatServer(options);
      servers.push(server);
      const page = await pagesOf.chromium.context.newPage();
      pages.push(page);
      page.setDefaultTimeout(15_000);
      await page.goto(server.url);
      return { server, page };
    },
  };
  return pagesOf;
}

export async function ask(page: Page, question: string): Promise<void> {
  await page.getByTestId("input").fill(question);
  await page.getByTestId("input").press("Enter");
}

/** Waits until the `index`-th assistant turn stops running; returns its status. */
export async function settledStatus(page: Page, index: number): Promise<string> {
  const handle = await page.waitForFunction(
    ([selector, at]) => {
      const status = document.querySelectorAll(selector)[at]?.getAttribute("data-status");
      return status && status !== "running" ? status : false;
    },
    [TURN, index] as const,
    { timeout: 20_000, polling: 50 },
  );
  return String(await handle.jsonValue());
}

/** The notices and text of a turn, to explain a failed expectation. */
export async function turnText(page: Page, index: number): Promise<string> {
  return (await page.locator(TURN).nth(index).textContent()) ?? "";
}
