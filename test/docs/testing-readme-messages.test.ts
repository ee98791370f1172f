/**
 * The testing kit's README shows what a test prints when no recording matches; this runs that case and
 * compares the message, line by line, with the README's block (the recordings folder put in its place).
 */
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BedrockLocal, startBedrockLocal } from "@lode/bedrock-local";
import { Agent } from "@lode/core";
import { type BedrockFixture, script, startBedrockFixture } from "@lode/testing";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { lodeErrorOf } from "../support/scripted-agent.js";

const README = new URL("../../packages/testing/README.md", import.meta.url);
const MODEL_ID = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

/** The README's ```text block that shows a replay miss, as its lines (the list's indent taken off). */
async function readmeMissMessage(): Promise<string> {
  const readme = await readFile(README, "utf8");
  const block = [...readme.matchAll(/\n( *)```text\n((?:.*\n)*?)\1```\n/g)].find((found) =>
    found[2]?.includes("no recording matches"),
  );
  if (!block) throw new Error("the testing README shows no ```text block of a replay miss");
  const indent = block[1] ?? "";
  return (block[2] ?? "")
    .split("\n")
    .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line))
    .join("\n")
    .trimEnd();
}

let upstream: BedrockLocal;
let folder: string;
beforeAll(async () => {
  upstream = await startBedrockLocal({ script: script().text("Snow in Oslo.").build() });
  folder = await mkdtemp(path.join(tmpdir(), "lode-recordings-"));
});
afterAll(async () => {
  await upstream?.close();
});

const agentOn = (fixture: BedrockFixture) => new Agent({ modelId: MODEL_ID, client: fixture.client });

describe("the testing kit's README", () => {
  test("shows the no-recording message as the kit prints it: the path, recorded and received on lines of their own", async () => {
    const recording = await startBedrockFixture({
      recordings: folder,
      mode: "record",
      upstream: upstream.url,
      credentials: { accessKeyId: "AKIATESTTESTTESTTEST", secretAccessKey: "test-secret" },
    });
    await agentOn(recording).run("Weather in Oslo?");
    await recording.close();
    const replay = await startBedrockFixture({ recordings: folder, mode: "replay" });
    const error = await lodeErrorOf(agentOn(replay).run("Weather in Bergen?"));
    await replay.close();

    expect(error.code).toBe("invalid-request");
    expect(error.message.replaceAll(folder, "recordings/weather")).toBe(await readmeMissMessage());
  });
});
