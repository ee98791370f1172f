import { parseArgs } from "node:util";
import type { StartStudioOptions } from "../server/start-studio.js";

export const USAGE = "Usage: lode-studio [--port N] [--max-runs N] [--tests DIR] [--recordings DIR]...";

/** The studio's options from its command line, or what is wrong with it. */
export function parseStudioArgs(
  args: readonly string[],
): { options: StartStudioOptions; help: boolean } | { error: string } {
  let values: { port?: string; "max-runs"?: string; tests?: string; recordings?: string[]; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        port: { type: "string" },
        "max-runs": { type: "string" },
        tests: { type: "string" },
        recordings: { type: "string", multiple: true },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { error: `${error instanceof Error ? error.message : String(error)}\n${USAGE}` };
  }
  const options: StartStudioOptions = {};
  if (values.port !== undefined) {
    const port = whole(values.port);
    if (port === undefined || port > 65535) return { error: `--port must be a port number.\n${USAGE}` };
    options.port = port;
  }
  if (values["max-runs"] !== undefined) {
    const maxRuns = whole(values["max-runs"]);
    if (!maxRuns) return { error: `--max-runs must be a whole number above 0.\n${USAGE}` };
    options.maxRuns = maxRuns;
  }
  if (values.tests !== undefined) options.testsDir = values.tests;
  if (values.recordings?.length) options.recordings = values.recordings;
  return { options, help: values.help ?? false };
}

function whole(text: string): number | undefined {
  return /^\d+$/.test(text) ? Number(text) : undefined;
}
