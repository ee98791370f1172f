#!/usr/bin/env node
/**
 * `lode-studio [--port N] [--max-runs N] [--tests DIR] [--recordings DIR]`: starts Lode Studio and prints
 * its URL, and the line that points a shell's scripts at it. Ctrl-C stops it.
 */
import { startStudio } from "../server/start-studio.js";
import { parseStudioArgs, USAGE } from "./studio-args.js";

const parsed = parseStudioArgs(process.argv.slice(2));
if ("error" in parsed) {
  console.error(parsed.error);
  process.exit(2);
}
if (parsed.help) {
  console.log(USAGE);
  process.exit(0);
}
const studio = await startStudio(parsed.options);
console.log(`Lode Studio: ${studio.url}`);
console.log("Point your scripts at it (instrumentation: studio()) with:");
console.log(`  export LODE_STUDIO_URL=${studio.url}`);

let closing = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (closing) process.exit(1);
    closing = true;
    void studio.close().then(() => process.exit(0));
  });
}
