#!/usr/bin/env node
// The published package runs the compiled dist/cli.js; inside the workspace there is no build step, so
// the TypeScript source is loaded through tsx instead.
import { existsSync } from "node:fs";

const built = new URL("../dist/cli.js", import.meta.url);
const cli = existsSync(built)
  ? await import(built.href)
  : await (await import("tsx/esm/api")).tsImport("../src/cli.ts", import.meta.url);

process.exitCode = await cli.runCli(process.argv.slice(2));
