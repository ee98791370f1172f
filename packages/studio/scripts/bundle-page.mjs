// Run by `pnpm build` after tsc: bundles the page script (src/page/app.ts, mermaid included) into
// dist/page/app.js and copies the page's static files next to it, where loadPageAssets reads them.
import { copyFile, mkdir, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../", import.meta.url));
const source = `${root}src/page/`;
const target = `${root}dist/page/`;

// tsc compiled the page's modules into dist/page/ too; the browser needs only the bundle.
await rm(target, { recursive: true, force: true });
await mkdir(target, { recursive: true });
await build({
  entryPoints: [`${source}app.ts`],
  outfile: `${target}app.js`,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: true,
  legalComments: "none",
  logLevel: "warning",
});
for (const name of ["index.html", "styles.css", "favicon.svg"])
  await copyFile(`${source}${name}`, `${target}${name}`);
