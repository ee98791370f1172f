import { access, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/** The studio page's static parts, ready to serve. */
export interface PageAssets {
  html: string;
  css: string;
  /** The page script: `page/app.ts` bundled for the browser (mermaid included). */
  js: string;
  /** The tab's icon, an SVG. */
  icon: string;
}

/**
 * The page folder next to this file's: `dist/page/` once built (the bundle script wrote `app.js` there),
 * `src/page/` when running from the sources (then only `app.ts` is there, bundled on first use).
 */
const PAGE_DIR = fileURLToPath(new URL("../page/", import.meta.url));

/** The page's own files, as index.html names them. */
const PAGE_FILES = ["/app.js", "/styles.css", "/favicon.svg"] as const;

/**
 * The page's HTML with the studio's token on the URLs of its own files (`/app.js?token=…`): the server
 * asks the token of every path, and a browser loading a script or a stylesheet sends no header.
 */
export function htmlWithToken(html: string, token: string): string {
  const query = `?token=${encodeURIComponent(token)}`;
  return PAGE_FILES.reduce((page, file) => page.replaceAll(`="${file}"`, `="${file}${query}"`), html);
}

let loading: Promise<PageAssets> | undefined;

/** The page's assets: read from the build, else bundled in memory. Loaded once per process. */
export function loadPageAssets(): Promise<PageAssets> {
  loading ??= load().catch((error: unknown) => {
    // A failed load (a missing file, a bundling error) is tried again on the next call, not cached.
    loading = undefined;
    throw error;
  });
  return loading;
}

async function load(): Promise<PageAssets> {
  const [html, css, icon] = await Promise.all(
    ["index.html", "styles.css", "favicon.svg"].map((name) => readFile(`${PAGE_DIR}${name}`, "utf8")),
  );
  const built = await exists(`${PAGE_DIR}app.js`);
  const js = built ? await readFile(`${PAGE_DIR}app.js`, "utf8") : await bundle(`${PAGE_DIR}app.ts`);
  return { html: html ?? "", css: css ?? "", js, icon: icon ?? "" };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Bundles the page script in memory. esbuild is a devDependency: imported only here, where the sources are. */
async function bundle(entry: string): Promise<string> {
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    // Mermaid makes the bundle large; minified it is about a third of the size and loads faster.
    minify: true,
    legalComments: "none",
    logLevel: "silent",
  });
  const js = result.outputFiles[0]?.text;
  if (js === undefined) throw new Error("esbuild produced no output for the studio page.");
  return js;
}
