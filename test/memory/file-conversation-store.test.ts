import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { InMemoryConversationStore, LodeError, stringifyWithBytes } from "@lode/core";
import { FileConversationStore } from "@lode/memory";
import { sampleTurn } from "@lode/testing";
import { describeConversationStoreContract } from "@lode/testing/vitest";
import { afterAll, describe, expect, test } from "vitest";
import { lodeErrorOf, scriptedAgentPerTest, scriptOf } from "../support/scripted-agent.js";

const directories: string[] = [];
async function freshDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), "lode-file-store-"));
  directories.push(directory);
  return directory;
}
afterAll(async () => {
  await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
});

describeConversationStoreContract(
  "FileConversationStore",
  async () => new FileConversationStore({ directory: await freshDirectory() }),
);

describe("FileConversationStore files", () => {
  test("answers a damaged metadata file with a typed invalid-request", async () => {
    const directory = await freshDirectory();
    const store = new FileConversationStore({ directory });
    await store.setMetadata("s", { title: "Kept" });
    await writeFile(join(directory, "s.meta.json"), "{not json");

    const error = await store.getMetadata("s").catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "LodeError", code: "invalid-request" });
  });

  test("loads a session whose last line was torn, and appends after the whole records", async () => {
    const directory = await freshDirectory();
    const store = new FileConversationStore({ directory });
    const version = await store.append("s", sampleTurn("kept"), 0);
    const path = join(directory, "s.jsonl");
    const line = (await readFile(path, "utf8")).replace("kept", "torn");
    await appendFile(path, line.slice(0, line.length / 2));

    expect(await store.load("s")).toEqual({ messages: sampleTurn("kept"), version });
    const next = await store.append("s", sampleTurn("next"), version);
    expect(await store.load("s")).toEqual({
      messages: [...sampleTurn("kept"), ...sampleTurn("next")],
      version: next,
    });
  });

  test("ignores a last line whose checksum does not match", async () => {
    const directory = await freshDirectory();
    const store = new FileConversationStore({ directory });
    const version = await store.append("s", sampleTurn("a"), 0);
    const path = join(directory, "s.jsonl");
    const line = await readFile(path, "utf8");
    await appendFile(path, line.replace('"a: a cat."', '"b: a cat."'));
    expect(await store.load("s")).toEqual({ messages: sampleTurn("a"), version });
  });

  test("refuses a session whose earlier record was damaged", async () => {
    const directory = await freshDirectory();
    const store = new FileConversationStore({ directory });
    await store.append("s", sampleTurn("a"), 0);
    await store.append("s", sampleTurn("b"), 4);
    const path = join(directory, "s.jsonl");
    await writeFile(path, (await readFile(path, "utf8")).replace('"a: a cat."', '"A: a cat."'));
    await expect(store.load("s")).rejects.toMatchObject({ code: "invalid-request" });
  });

  test("sees appends made through another store on the same folder, as another process's would be", async () => {
    const directory = await freshDirectory();
    const [first, second] = [
      new FileConversationStore({ directory }),
      new FileConversationStore({ directory }),
    ];
    const version = await first.append("s", sampleTurn("first"), 0);
    await expect(second.append("s", sampleTurn("stale"), 0)).rejects.toMatchObject({ code: "conflict" });
    const next = await second.append("s", sampleTurn("second"), version);
    await expect(first.append("s", sampleTurn("stale"), version)).rejects.toMatchObject({ code: "conflict" });
    expect(await first.load("s")).toEqual({
      messages: [...sampleTurn("first"), ...sampleTurn("second")],
      version: next,
    });
  });

  test("appends after records bigger than one read of the file's tail", async () => {
    const directory = await freshDirectory();
    const store = new FileConversationStore({ directory });
    let version = 0;
    const labels = ["small", `big ${"x".repeat(100_000)}`, `bigger ${"y".repeat(300_000)}`, "small again"];
    for (const label of labels) version = await store.append("s", sampleTurn(label), version);
    await expect(store.append("s", sampleTurn("stale"), version - 4)).rejects.toMatchObject({
      code: "conflict",
    });
    expect(await store.load("s")).toEqual({ messages: labels.flatMap(sampleTurn), version });
  });

  test("writes the next record over a last line whose checksum does not match", async () => {
    const directory = await freshDirectory();
    const store = new FileConversationStore({ directory });
    const version = await store.append("s", sampleTurn("a"), 0);
    const path = join(directory, "s.jsonl");
    const line = await readFile(path, "utf8");
    // A line that claims version 8 but fails its checksum: the session is still at version 4.
    await appendFile(path, line.replace(`{"version":${version},`, `{"version":${version + 4},`));

    await expect(store.append("s", sampleTurn("b"), version + 4)).rejects.toMatchObject({ code: "conflict" });
    const next = await store.append("s", sampleTurn("b"), version);
    expect(await store.load("s")).toEqual({
      messages: [...sampleTurn("a"), ...sampleTurn("b")],
      version: next,
    });
    expect((await readFile(path, "utf8")).split("\n")).toHaveLength(3);
  });

  test("refuses to append after a damaged line that is not the last", async () => {
    const directory = await freshDirectory();
    const store = new FileConversationStore({ directory });
    const version = await store.append("s", sampleTurn("a"), 0);
    const path = join(directory, "s.jsonl");
    const line = await readFile(path, "utf8");
    await appendFile(path, `${line.replace('"a: a cat."', '"b: a cat."')}{"version":`);
    await expect(store.append("s", sampleTurn("b"), version)).rejects.toMatchObject({
      code: "invalid-request",
    });
  });

  test("reads only the file's tail to append: damage further back is left for load to report", async () => {
    const directory = await freshDirectory();
    const store = new FileConversationStore({ directory });
    await store.append("s", sampleTurn("a"), 0);
    await store.append("s", sampleTurn("b"), 4);
    const path = join(directory, "s.jsonl");
    await writeFile(path, (await readFile(path, "utf8")).replace('"a: a cat."', '"A: a cat."'));
    // An append checks the last record (it holds the version) but not the first: that is what keeps its
    // cost flat as the session grows.
    expect(await store.append("s", sampleTurn("c"), 8)).toBe(12);
    await expect(store.load("s")).rejects.toMatchObject({ code: "invalid-request" });
  });

  test("loads a file written before block ids, and appends to it under a block id once", async () => {
    const directory = await freshDirectory();
    // The earlier format, byte for byte: no block id, the checksum over `version:messages`.
    const messagesJson = stringifyWithBytes(sampleTurn("old"));
    const sha256 = createHash("sha256").update(`4:${messagesJson}`).digest("hex");
    await writeFile(
      join(directory, "s.jsonl"),
      `{"version":4,"sha256":"${sha256}","messages":${messagesJson}}\n`,
    );
    const store = new FileConversationStore({ directory });
    expect(await store.load("s")).toEqual({ messages: sampleTurn("old"), version: 4 });

    const version = await store.append("s", sampleTurn("new"), 4, { blockId: "run-1:0" });
    await store.append("s", sampleTurn("other"), version);
    expect(await store.append("s", sampleTurn("new"), 4, { blockId: "run-1:0" })).toBe(version + 4);
    expect((await store.load("s")).messages).toEqual(["old", "new", "other"].flatMap(sampleTurn));
  });

  test("takes a block id only from a record's header, not from a message that holds the same text", async () => {
    const directory = await freshDirectory();
    const store = new FileConversationStore({ directory });
    const lookalike = [
      {
        role: "assistant" as const,
        content: [{ toolUse: { toolUseId: "tu", name: "t", input: { a: 1, blockId: "run-1:0", b: 2 } } }],
      },
    ];
    const version = await store.append("s", lookalike, 0);
    expect(await readFile(join(directory, "s.jsonl"), "utf8")).toContain(',"blockId":"run-1:0",');
    await expect(store.append("s", sampleTurn("a"), 0, { blockId: "run-1:0" })).rejects.toMatchObject({
      code: "conflict",
      currentVersion: version,
    });
    expect(await store.append("s", sampleTurn("a"), version, { blockId: "run-1:0" })).toBe(version + 4);
  });

  test("writes no file for an empty append to a missing session", async () => {
    const directory = await freshDirectory();
    const store = new FileConversationStore({ directory });
    expect(await store.append("s", [], 0, { blockId: "run-1:0" })).toBe(0);
    await expect(readFile(join(directory, "s.jsonl"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  test("keeps every acknowledged turn of a writer killed with SIGKILL mid-append", async () => {
    const directory = await freshDirectory();
    const script = fileURLToPath(new URL("./support/append-forever.ts", import.meta.url));
    const child = spawn(process.execPath, ["--import", "tsx", script, directory, "s"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const acknowledged: number[] = [];
    let buffered = "";
    await new Promise<void>((resolve, reject) => {
      child.on("error", reject);
      child.on("exit", (code) => reject(new Error(`the writer exited early with ${code}`)));
      child.stdout.on("data", (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split("\n");
        buffered = lines.pop() ?? "";
        acknowledged.push(...lines.map(Number));
        if (acknowledged.length >= 30) resolve();
      });
    });
    child.removeAllListeners("exit");
    const exited = new Promise((resolve) => child.on("exit", resolve));
    child.kill("SIGKILL");
    await exited;

    const store = new FileConversationStore({ directory });
    const { messages, version } = await store.load("s");
    const last = acknowledged.at(-1)!;
    expect(version).toBeGreaterThanOrEqual(last);
    expect(messages).toHaveLength(version);
    for (let turn = 0; turn < last / 4; turn++)
      expect(messages.slice(turn * 4, turn * 4 + 4)[3]?.content?.[0]?.text).toMatch(
        new RegExp(`^turn ${turn} `),
      );
    // The killed writer's lock does not block the next one.
    const next = await store.append("s", sampleTurn("after"), version);
    expect((await store.load("s")).version).toBe(next);
  }, 60_000);
});

describe("session ids too long for a file name", () => {
  const startAgent = scriptedAgentPerTest();
  const longId = "x".repeat(5000);

  test("fails a run on a 5,000-character session id as store-failed, not retryable, the id cut short", async () => {
    const store = new FileConversationStore({ directory: await freshDirectory() });
    const harness = await startAgent(scriptOf({ text: "Hi." }), { store });
    const error = await lodeErrorOf(harness.agent.run("Hello.", { sessionId: longId }));

    expect(error.code).toBe("store-failed");
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(
      `FileConversationStore cannot hold session "${"x".repeat(40)}…" (5000 characters): its file name ` +
        "would be 5000 bytes URL-encoded, over the 140 a file system leaves it. Use shorter session ids (a " +
        "UUID, or a hash of a longer key).",
    );
    expect(harness.server.requests).toHaveLength(0);
  });

  test("refuses every call on such an id, and keeps one at the longest length it holds", async () => {
    const store = new FileConversationStore({ directory: await freshDirectory() });
    for (const call of [
      () => store.append(longId, sampleTurn("a"), 0),
      () => store.setMetadata(longId, { title: "t" }),
      () => store.getMetadata(longId),
      () => store.delete(longId),
    ])
      expect(await call().catch((error: unknown) => error)).toMatchObject({ code: "store-failed" });

    const longest = `é${"a".repeat(134)}`; // 140 bytes once URL-encoded
    await store.append(longest, sampleTurn("a"), 0);
    await store.setMetadata(longest, { title: "kept" });
    expect((await store.load(longest)).messages).toEqual(sampleTurn("a"));
    expect(await store.getMetadata(longest)).toEqual({ title: "kept" });
    expect(await store.listSessions()).toEqual([longest]);
  });

  test("makes a store's lasting file system error (ENAMETOOLONG) not retryable, its long message cut", async () => {
    const store = new InMemoryConversationStore();
    store.load = (sessionId) =>
      readFile(join(tmpdir(), sessionId)).then(() => ({ messages: [], version: 0 }));
    const harness = await startAgent(scriptOf({ text: "Hi." }), { store });
    const error = await lodeErrorOf(harness.agent.run("Hello.", { sessionId: longId }));

    expect(error.code).toBe("store-failed");
    expect(error.retryable).toBe(false);
    expect(error.message.length).toBeLessThan(400);
    expect(error.message).toMatch(/^The conversation store failed to load the session: ENAMETOOLONG/);
    expect((error.cause as NodeJS.ErrnoException).code).toBe("ENAMETOOLONG");
    expect(LodeError.isInstance(error.cause)).toBe(false);
  });
});
