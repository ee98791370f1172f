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

/** The environment of someone with no AWS settings, colour off. */
function scriptedEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(
    ([name]) => !name.startsWith("AWS_") && name !== "LODE_MODEL_ID",
  );
  return { ...Object.fromEntries(inherited), NO_COLOR: "1", ...extra };
}

const QUESTIONS = [
  "How does a honeybee colony keep warm through the winter?",
  "What does a colony live on until spring?",
  "Why do colonies die over winter?",
];
const QUERIES = ["winter cluster warmth", "honey stores winter food", "colony losses winter"];
const SECONDS = String.raw`\(\d+\.\d s\)`;

/** The index of the one line matching `pattern`; fails when none or several match. */
function lineOf(lines: readonly string[], pattern: RegExp): number {
  const found = lines.flatMap((line, index) => (pattern.test(line) ? [index] : []));
  expect(found, `one line matching ${pattern}`).toHaveLength(1);
  return found[0] ?? -1;
}

describe("the research desk demo", () => {
  it("prints the nodes' progress, the parallel searches, the revision, the report, usage by agent and the graph", {
    timeout: 40_000,
  }, async () => {
    // As a person runs it: `pnpm research` from the repository root.
    const { stdout, stderr } = await run("pnpm", ["--silent", "research"], {
      cwd: repoDir,
      env: scriptedEnvironment(),
    });

    expect(stderr).toBe("");
    expect(stdout).not.toContain("\x1b[");
    const lines = stdout.split("\n");
    expect(lines[0]).toMatch(
      /^Using bedrock-local at http:\/\/127\.0\.0\.1:\d+, a scripted model per agent: LODE_MODEL_ID is not set/,
    );
    const at = (pattern: RegExp) => lineOf(lines, pattern);
    const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

    // The plan, then the three branches (their lines interleave, in any order), then write and review twice.
    const planned = at(new RegExp(`^✓ plan ${SECONDS}: 3 questions$`));
    expect(at(/^▶ plan$/)).toBeLessThan(planned);
    const firstWrite = lines.indexOf("▶ write");
    QUESTIONS.forEach((question, index) => {
      const branch = `search #${index + 1}`;
      const started = at(new RegExp(`^▶ ${branch} ${escapeRegExp(JSON.stringify(question))}$`));
      const called = at(
        new RegExp(`^  ${branch} → search ${escapeRegExp(JSON.stringify({ query: QUERIES[index] }))}$`),
      );
      const answered = at(new RegExp(`^  ${branch} ← search [a-z-]+, [a-z-]+$`));
      const ended = at(new RegExp(`^✓ ${branch} ${SECONDS}$`));
      expect([planned, started, called, answered, ended, firstWrite]).toEqual(
        [planned, started, called, answered, ended, firstWrite].sort((a, b) => a - b),
      );
    });
    // Every branch started before any searched: they ran at once.
    const lastStart = Math.max(...QUESTIONS.map((_, index) => at(new RegExp(`^▶ search #${index + 1} `))));
    expect(lastStart).toBeLessThan(
      Math.min(...lines.flatMap((line, index) => (line.includes(" → search ") ? [index] : []))),
    );

    const sequence = [
      /^▶ write$/,
      new RegExp(
        `^✓ write ${SECONDS}: draft "How honeybee colonies survive the winter", sources winter-cluster, honey-stores$`,
      ),
      /^▶ review$/,
      new RegExp(
        `^✓ review ${SECONDS}: sent back to the writer: The body cites \\[varroa-mites\\], which the sources leave out: add it\\.$`,
      ),
      /^▶ write$/,
      new RegExp(
        `^✓ write ${SECONDS}: revision 1 "How honeybee colonies survive the winter", sources winter-cluster, honey-stores, varroa-mites$`,
      ),
      /^▶ review$/,
      new RegExp(`^✓ review ${SECONDS}: approved$`),
      /^done in 6 steps, \d+ ms$/,
      /^# How honeybee colonies survive the winter$/,
      /^Below about 14 °C a colony packs into a cluster/,
      /^Sources: winter-cluster, honey-stores, varroa-mites$/,
    ];
    let from = firstWrite;
    for (const pattern of sequence) {
      const found = lines.findIndex((line, index) => index >= from && pattern.test(line));
      expect(found, `${pattern} after line ${from}`).toBeGreaterThanOrEqual(from);
      from = found + 1;
    }

    // The usage table: one row per agent, under its graph and node, with its model calls.
    const table = lines.slice(lines.findIndex((line) => line.startsWith("agent ")));
    expect(table[0]).toMatch(/^agent\s+model calls\s+input tokens\s+output tokens$/);
    expect(table.slice(1, 5).map((row) => row.split(/\s{2,}/).slice(0, 2))).toEqual([
      ["research → plan → planner", "1"],
      ["research → search → searcher", "6"],
      ["research → write → writer", "2"],
      ["research → review → reviewer", "2"],
    ]);
    // The graph, as Mermaid.
    const mermaid = lines.slice(lines.indexOf("The graph (Mermaid):") + 1);
    expect(mermaid[0]).toBe("flowchart TD");
    for (const edge of [
      "  __start__ --> plan",
      "  plan == each ==> search",
      "  search --> write",
      "  write --> review",
      "  review -.-> write",
      "  review -.-> __end__",
    ])
      expect(mermaid).toContain(edge);
  });

  it("refuses LODE_MODEL_ID without AWS credentials, saying what to set", { timeout: 30_000 }, async () => {
    const home = await mkdtemp(join(tmpdir(), "lode-research-no-aws-"));
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
      expect(failure?.stderr).toMatch(/^\nThe research desk failed: missing-credentials: Node "plan"/);
      expect(failure?.stderr).toContain("LODE_MODEL_ID is set, so the desk calls Amazon Bedrock; unset it");
      expect(failure?.stderr).not.toContain("NodeVersionSupportWarning");
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it("runs the same graph as a durable job on Redis with --durable, its events read from the run's stream", {
    timeout: 40_000,
  }, async () => {
    const { stdout, stderr } = await run("pnpm", ["--silent", "research", "--", "--durable"], {
      cwd: repoDir,
      env: scriptedEnvironment(),
    });
    expect(stderr).toBe("");
    const lines = stdout.split("\n");
    expect(lines).toContain("as a durable job on Redis (one worker, in this process)");
    expect(lineOf(lines, /^✓ plan \(\d+\.\d s\): 3 questions$/)).toBeGreaterThan(0);
    expect(lines).toContain("# How honeybee colonies survive the winter");
    expect(stdout).toMatch(/^done in 6 steps/m);
  });
});
