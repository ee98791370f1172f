import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));

describe("the durable-runs example", () => {
  it("survives its worker's SIGKILL mid-run: the other takes over, the client reads on", {
    timeout: 60_000,
  }, async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    };
    delete env.LODE_MODEL_ID;
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", MAIN], { env });

    expect(stderr).toBe("");
    expect(stdout).toMatch(/^Using bedrock-local at http:\/\/127\.0\.0\.1:\d+/);
    expect(stdout).toMatch(/✗ worker-[AB] killed \(SIGKILL\) in the middle of the run/);
    expect(stdout).toContain("reconnects with Last-Event-ID: ");
    expect(stdout).toContain("↻ another worker took the run over from its checkpoint");
    // Each item packed once, the last two by the worker that was not killed.
    for (const item of ["passport", "wool sweater", "gloves", "umbrella"])
      expect(stdout.match(new RegExp(`← ${item} packed by`, "g"))).toHaveLength(1);
    const killed = /✗ (worker-[AB]) killed/.exec(stdout)?.[1];
    expect(stdout).not.toMatch(new RegExp(`← (gloves|umbrella) packed by ${killed}`));
    expect(stdout).toContain("Packed: passport, wool sweater, gloves and umbrella.");
    expect(stdout.trimEnd().endsWith("run completed")).toBe(true);
  });
});
