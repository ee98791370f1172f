import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const exampleDir = fileURLToPath(new URL("..", import.meta.url));
const repoDir = fileURLToPath(new URL("../../..", import.meta.url));

/** The environment of someone with no AWS settings, colour off, and nothing preset for approvals. */
function scriptedEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(
    ([name]) => !name.startsWith("AWS_") && name !== "LODE_MODEL_ID" && name !== "DESK_APPROVE",
  );
  return { ...Object.fromEntries(inherited), NO_COLOR: "1", ...extra };
}

describe("the support desk demo", () => {
  it("prints who speaks, the handoffs, the approval asked and given, the docs agent and usage by agent", {
    timeout: 40_000,
  }, async () => {
    // As a person runs it: `pnpm desk` from the repository root, with stdin not a terminal (as in CI).
    const { stdout, stderr } = await run("pnpm", ["--silent", "desk"], {
      cwd: repoDir,
      env: scriptedEnvironment(),
    });

    expect(stderr).toBe("");
    const lines = stdout.split("\n");
    expect(lines[0]).toMatch(
      /^Using bedrock-local at http:\/\/127\.0\.0\.1:\d+, a scripted model per agent: LODE_MODEL_ID is not set/,
    );
    const expected = [
      "you: I was charged twice for invoice INV-1042. Can I get my money back?",
      "[triage] That's one for billing; passing you over.",
      "→ handoff triage → billing (charged twice for INV-1042)",
      "[billing] Let me pull up that invoice.",
      '[billing] → lookup_invoice {"invoiceId":"INV-1042"}',
      '[billing] → refund {"invoiceId":"INV-1042","amount":149,"reason":"charged twice"}',
      `[billing] ⏸ refund {"invoiceId":"INV-1042","amount":149,"reason":"charged twice"} waits for a person's approval`,
      'approve refund {"invoiceId":"INV-1042","amount":149,"reason":"charged twice"}? [Y/n] yes (not a terminal: approved; DESK_APPROVE=no denies)',
      "[billing] ✓ refund approved",
      '[billing] ← refund {"invoiceId":"INV-1042","refunded":149,"reference":"RF-1042-1"}',
      "[billing] Done: 149 € is on its way back to your card (reference RF-1042-1). The receipt goes to {EMAIL}.",
      "[billing] guardrail masked the output: EMAIL",
      "you: Thanks! Also, the app shows error E42 whenever I sync. What does that mean?",
      "→ handoff billing → triage (a question about the app, not billing)",
      "→ handoff triage → tech (sync error E42)",
      "[tech] Let me check the docs.",
      '[tech] → docs {"task":"What does sync error E42 mean, and how does the user fix it?"}',
      '[tech → docs] → search_docs {"query":"E42"}',
      '[tech → docs] E42: the sync token expired; signing out and in again gets a new one ("Sync error codes").',
      '[tech] ← docs E42: the sync token expired; signing out and in again gets a new one ("Sync error codes").',
      "[tech] E42 means your sync token expired. Sign out of the app and sign in again: that gets a new token, and sync picks up where it stopped.",
    ];
    // Each line appears, in this order.
    const positions = expected.map((line) => lines.indexOf(line));
    expect(expected.filter((_, index) => (positions[index] ?? -1) < 0)).toEqual([]);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    // The usage table: one row per agent path, with its model calls.
    const table = lines.slice(lines.findIndex((line) => line.startsWith("agent ")));
    expect(table[0]).toMatch(/^agent\s+model calls\s+input tokens\s+output tokens$/);
    expect(table.slice(1, 5).map((row) => row.split(/\s{2,}/).slice(0, 2))).toEqual([
      ["triage", "2"],
      ["billing", "4"],
      ["tech", "2"],
      ["tech → docs", "2"],
    ]);
    expect(stdout).not.toContain("\x1b[");
  });

  it("refuses LODE_MODEL_ID without AWS credentials, saying what to set", { timeout: 30_000 }, async () => {
    const home = await mkdtemp(join(tmpdir(), "lode-desk-no-aws-"));
    try {
      const env = scriptedEnvironment({
        HOME: home,
        AWS_CONFIG_FILE: join(home, "config"),
        AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_REGION: "us-east-1",
        LODE_MODEL_ID: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      });
      const failure = await run("pnpm", ["--silent", "start"], { cwd: exampleDir, env }).then(
        () => undefined,
        (error: { code: number; stdout: string; stderr: string }) => error,
      );

      expect(failure?.code).toBe(1);
      expect(failure?.stdout.split("\n")[0]).toBe(
        "Using Amazon Bedrock, model us.anthropic.claude-sonnet-4-5-20250929-v1:0 for every agent: LODE_MODEL_ID is set (region and credentials come from the AWS SDK's usual settings)",
      );
      expect(failure?.stderr).toMatch(/^\nThe desk failed: missing-credentials: /);
      expect(failure?.stderr).toContain("LODE_MODEL_ID is set, so the desk calls Amazon Bedrock; unset it");
      expect(failure?.stderr).not.toContain("NodeVersionSupportWarning");
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
