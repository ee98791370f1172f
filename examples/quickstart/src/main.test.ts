import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const exampleDir = fileURLToPath(new URL("..", import.meta.url));

describe("the quickstart demo", () => {
  it("prints reasoning, parallel tool calls with results, the answer and usage, as a person sees it", async () => {
    const env = { ...process.env, NO_COLOR: "1", AWS_ACCESS_KEY_ID: "", AWS_PROFILE: "", LODE_MODEL_ID: "" };
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: exampleDir,
      env,
    });

    expect(stderr).toBe("");
    expect(stdout).toContain("Using bedrock-local at http://127.0.0.1:");
    expect(stdout).toContain("thinking: The user wants the weather in two cities.");
    expect(stdout).toContain('→ get_weather {"city":"Lisbon"}');
    expect(stdout).toContain('→ get_weather {"city":"Oslo"}');
    expect(stdout).toMatch(/← get_weather \{"city":"Oslo","tempC":4,"sky":"light snow"\}/);
    expect(stdout).toMatch(/← convert_temperature \{"celsius":21,"fahrenheit":70\}/);
    expect(stdout).toContain("Lisbon is sunny at 21 °C (70 °F), while Oslo has light snow at 4 °C (39 °F).");
    expect(stdout).toMatch(/✔ 3 steps · 4 tool calls · \d+ in \/ \d+ out tokens · \d+ ms/);
    // No escape codes when colour is off.
    expect(stdout).not.toContain("\x1b[");
  });
});
