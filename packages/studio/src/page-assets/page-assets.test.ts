import { describe, expect, test } from "vitest";
import { htmlWithToken, loadPageAssets } from "./page-assets.js";

describe("loadPageAssets", () => {
  test("bundles the page from the sources: the html loads app.js and styles.css, the script is one file", async () => {
    const assets = await loadPageAssets();
    expect(assets.html).toContain('src="/app.js"');
    expect(assets.html).toContain('href="/styles.css"');
    expect(assets.html).toContain('href="/favicon.svg"');
    expect(assets.css).toContain("--accent");
    expect(assets.icon).toContain("<svg");
    // One self-contained script: no import of another file the server would have to serve.
    expect(assets.js.length).toBeGreaterThan(1000);
    expect(assets.js).not.toMatch(/\bimport\s*\(\s*["']\.\.?\//);
    expect(assets.js).not.toMatch(/^import\s/m);
    expect(assets.js).toContain("x-lode-studio-token");
  }, 60_000);

  test("loads once: later calls return the same assets", async () => {
    const first = loadPageAssets();
    expect(loadPageAssets()).toBe(first);
    expect(await first).toBe(await loadPageAssets());
  }, 60_000);

  test("htmlWithToken puts the token on the page's own files' URLs, and nowhere else", async () => {
    const { html } = await loadPageAssets();
    const page = htmlWithToken(html, "a b&c");
    expect(page).toContain('src="/app.js?token=a%20b%26c"');
    expect(page).toContain('href="/styles.css?token=a%20b%26c"');
    expect(page).toContain('href="/favicon.svg?token=a%20b%26c"');
    expect(page.match(/token=/g)).toHaveLength(3);
  }, 60_000);
});
