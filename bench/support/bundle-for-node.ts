import { build } from "esbuild";

/**
 * Bundles `entry` into the ESM file `outfile` for plain `node`, as an application ships (no loader, no
 * name-keeping wrappers). Only the runners (run-all, the profile, plain-gap) use it: it is not bundled itself.
 */
export async function bundleForNode(entry: string, outfile: string, options: { sourcemap?: boolean } = {}) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "error",
    ...(options.sourcemap ? { sourcemap: "external" as const } : {}),
    // Some dependencies are CommonJS and call require(); give the ESM bundle one.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
}
