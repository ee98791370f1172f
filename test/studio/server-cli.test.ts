import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { parseStudioArgs } from "../../packages/studio/src/cli/studio-args.js";

const MAIN = fileURLToPath(new URL("../../packages/studio/src/cli/main.ts", import.meta.url));

describe("lode-studio", () => {
  test("prints its URL and the export line, answers there, and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", MAIN, "--max-runs", "7", "--tests", "/tmp/t"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    // A failed expectation must not leave the studio running.
    const stop = setTimeout(() => child.kill("SIGKILL"), 15_000);
    const lines: string[] = [];
    for await (const line of createInterface({ input: child.stdout })) {
      lines.push(line);
      if (line.includes("export LODE_STUDIO_URL=")) break;
    }
    const url = /export LODE_STUDIO_URL=(\S+)/.exec(lines.join("\n"))?.[1] ?? "";
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
    expect(lines[0]).toBe(`Lode Studio: ${url}`);
    const config = await fetch(url.replace("/?", "/api/config?"));
    expect(await config.json()).toMatchObject({ maxRuns: 7, testsDir: "/tmp/t" });
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    clearTimeout(stop);
    expect(code).toBe(0);
  });

  test("reads its options, and says what is wrong with bad ones", () => {
    expect(parseStudioArgs(["--port", "4000", "--recordings", "a", "--recordings", "b"])).toEqual({
      options: { port: 4000, recordings: ["a", "b"] },
      help: false,
    });
    expect(parseStudioArgs(["--port", "x"])).toEqual({ error: expect.stringContaining("--port") });
    expect(parseStudioArgs(["--max-runs", "0"])).toEqual({ error: expect.stringContaining("--max-runs") });
    expect(parseStudioArgs(["--nope"])).toEqual({ error: expect.stringContaining("Usage: lode-studio") });
  });
});
