import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const PAGE_DIR = fileURLToPath(new URL("./page/", import.meta.url));

/** The page's static parts, ready to serve. */
export interface PageAssets {
  html: string;
  css: string;
  /** The page script, bundled from `page/app.ts` for the browser. */
  js: string;
  /** The tab's icon, an SVG. */
  icon: string;
}

/** Reads the page and bundles its TypeScript in memory (no files written). */
export async function bundlePage(): Promise<PageAssets> {
  const [html, css, icon, bundle] = await Promise.all([
    readFile(`${PAGE_DIR}index.html`, "utf8"),
    readFile(`${PAGE_DIR}styles.css`, "utf8"),
    readFile(`${PAGE_DIR}favicon.svg`, "utf8"),
    build({
      entryPoints: [`${PAGE_DIR}app.ts`],
      bundle: true,
      write: false,
      format: "esm",
      platform: "browser",
      target: "es2022",
      sourcemap: "inline",
      logLevel: "silent",
    }),
  ]);
  const js = bundle.outputFiles[0]?.text;
  if (js === undefined) throw new Error("esbuild produced no output for the chat page.");
  return { html, css, js, icon };
}
