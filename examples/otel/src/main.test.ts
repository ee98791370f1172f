import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));

function exampleEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    ...extra,
  };
  for (const name of ["LODE_MODEL_ID", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"])
    if (!(name in extra)) delete env[name];
  return env;
}

describe("the tracing example", () => {
  it("exports the run's spans over OTLP/HTTP to its own receiver and prints their tree and the cost", {
    timeout: 30_000,
  }, async () => {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", MAIN], { env: exampleEnv() });

    expect(stderr).toBe("");
    expect(stdout).toMatch(/^Using bedrock-local at http:\/\/127\.0\.0\.1:\d+/);
    expect(stdout).toContain("agent: Oslo: dry and cold, -3 °C. Bergen: rain, 4 °C.");
    // 310 × 3 + 420 × 3 + 92 × 15 + 1200 × 0.3 + 1200 × 3.75, per million
    expect(stdout).toContain(
      "cost: $0.008430 (input 0.002190, output 0.001380, cache read 0.000360, cache write 0.004500)",
    );
    expect(stdout).toContain("The receiver got 5 spans:");
    const tree = stdout.slice(stdout.indexOf("The receiver got")).split("\n").slice(1, 6);
    expect(tree.map((line) => line.replace(/ \(.*$/, ""))).toEqual([
      "invoke_agent forecaster",
      "  chat us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      "  execute_tool get_forecast",
      "  execute_tool get_forecast",
      "  chat us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    ]);
    expect(tree[0]).toContain("usage.input_tokens=3130");
    expect(tree[0]).toContain("conversation.id=trip-planning");
    expect(tree[1]).toContain("usage.cache_creation.input_tokens=1200");
    expect(tree[4]).toContain("usage.cache_read.input_tokens=1200");
  });

  it("prints the spans to the console with LODE_OTEL_CONSOLE=1", { timeout: 30_000 }, async () => {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", MAIN], {
      env: exampleEnv({ LODE_OTEL_CONSOLE: "1" }),
    });

    expect(stderr).toBe("");
    expect(stdout).toContain("Spans go to the console (LODE_OTEL_CONSOLE=1)");
    expect(stdout).toContain("name: 'invoke_agent forecaster'");
    expect(stdout).toContain("'gen_ai.provider.name': 'aws.bedrock'");
    expect(stdout).not.toContain("The receiver got");
  });
});
