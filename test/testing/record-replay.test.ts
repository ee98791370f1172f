import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BedrockLocal, startBedrockLocal } from "@lode/bedrock-local";
import { Agent } from "@lode/core";
import { type BedrockFixture, script, startBedrockFixture } from "@lode/testing";
import { defineTool } from "@lode/tools";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { lodeErrorOf } from "../support/scripted-agent.js";

const weather = defineTool({
  name: "get_weather",
  description: "The weather in a city.",
  input: z.object({ city: z.string() }),
  run: ({ city }) => ({ city, sky: "snow" }),
});

/** Stands in for Amazon Bedrock: record mode forwards to it, signed, as it would to AWS. */
let bedrock: BedrockLocal;
let folder: string;
beforeAll(async () => {
  bedrock = await startBedrockLocal({
    script: script()
      .turn((t) => t.reasoning("Check Oslo.").toolUse("get_weather", { city: "Oslo" }))
      .text("Snow in Oslo.")
      .build(),
  });
  folder = await mkdtemp(path.join(tmpdir(), "lode-recordings-"));
});
afterAll(async () => {
  await bedrock?.close();
});

const credentials = { accessKeyId: "AKIATESTTESTTESTTEST", secretAccessKey: "test-secret" };
const agentOn = (fixture: BedrockFixture) =>
  new Agent({
    modelId: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    client: fixture.client,
    tools: [weather],
  });

describe("the bedrock fixture", () => {
  test("records against Bedrock, then replays the same run identically without it", async () => {
    const recording = await startBedrockFixture({
      recordings: folder,
      mode: "record",
      upstream: bedrock.url,
      credentials,
    });
    const recorded = await agentOn(recording).run("Weather in Oslo?");
    await recording.close();
    const files = await readdir(folder);
    const saved = await Promise.all(files.map((file) => readFile(path.join(folder, file), "utf8")));

    expect(files.length).toBeGreaterThan(0);
    // Credentials never reach the recordings.
    for (const text of saved) {
      expect(JSON.parse(text).formatVersion).toBe(1);
      expect(text).not.toContain("AKIATESTTESTTESTTEST");
      expect(text).not.toContain("Signature=");
    }

    const before = bedrock.requests.length;
    const replay = await startBedrockFixture({ recordings: folder, mode: "replay" });
    const replayed = await agentOn(replay).run("Weather in Oslo?");
    await replay.close();

    expect(replay.mode).toBe("replay");
    expect(bedrock.requests.length).toBe(before);
    expect(replayed.text).toBe(recorded.text);
    expect(replayed.text).toBe("Snow in Oslo.");
    expect(replayed.toolCalls.map(({ toolName, input, status }) => ({ toolName, input, status }))).toEqual(
      recorded.toolCalls.map(({ toolName, input, status }) => ({ toolName, input, status })),
    );
    // The reasoning came back with its signature, byte for byte.
    expect(replayed.steps[0]?.message.content?.[0]).toEqual(recorded.steps[0]?.message.content?.[0]);
  });

  test("refuses a request with no recording, naming the closest and where it differs", async () => {
    const replay = await startBedrockFixture({ recordings: folder, mode: "replay" });
    const error = await lodeErrorOf(agentOn(replay).run("Weather in Bergen?"));
    await replay.close();

    expect(error.message).toContain("bedrock-local replay: no recording matches this ConverseStream request");
    expect(error.message).toContain("messages[0].content[0].text:");
    expect(error.message).toContain('recorded: "Weather in Oslo?"');
    expect(error.message).toContain('received: "Weather in Bergen?"');
  });

  test("refuses recordings of a newer format by name instead of misreading them", async () => {
    const newer = await mkdtemp(path.join(tmpdir(), "lode-recordings-"));
    await writeFile(path.join(newer, "future.json"), JSON.stringify({ formatVersion: 2, interactions: [] }));

    await expect(startBedrockFixture({ recordings: newer, mode: "replay" })).rejects.toThrow(
      "future.json is in recordings format 2; this bedrock-local reads format 1",
    );
  });

  test("in auto mode replays what is recorded and records what is not", async () => {
    const autoFolder = await mkdtemp(path.join(tmpdir(), "lode-recordings-"));
    const auto = () =>
      startBedrockFixture({ recordings: autoFolder, mode: "auto", upstream: bedrock.url, credentials });

    const first = await auto();
    let before = bedrock.requests.length;
    expect((await agentOn(first).run("Weather in Oslo?")).text).toBe("Snow in Oslo.");
    await first.close();
    expect(bedrock.requests.length - before).toBe(2);

    const second = await auto();
    before = bedrock.requests.length;
    expect((await agentOn(second).run("Weather in Oslo?")).text).toBe("Snow in Oslo.");
    expect(bedrock.requests.length - before).toBe(0);
    await agentOn(second).run("Weather in Tromsø?");
    await second.close();
    expect(bedrock.requests.length - before).toBe(2);
    expect((await readdir(autoFolder)).length).toBe(4);
  });
});
