import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));

describe("the MCP example", () => {
  it("starts its notes server, calls its tools through the agent and prints the answer", {
    timeout: 30_000,
  }, async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    };
    delete env.LODE_MODEL_ID;
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", MAIN], { env });

    expect(stderr).toBe("");
    expect(stdout).toMatch(/^Using bedrock-local at http:\/\/127\.0\.0\.1:\d+/);
    expect(stdout).toContain('→ add_note {"title":"Oslo trip"');
    expect(stdout).toContain('← add_note: Saved "Oslo trip". There are 2 notes.');
    expect(stdout).toContain(
      "← search_notes: Packing list: Passport, charger, a light jacket for Lisbon evenings.",
    );
    expect(stdout).toContain("for Oslo, add the gloves.");
  });
});
