import { type ConversationStore, LodeError } from "@lode/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { manyMessages, sampleTurn } from "../sample-messages.js";

async function conflictOf(promise: Promise<unknown>): Promise<LodeError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(LodeError.isInstance(error)).toBe(true);
  return error as LodeError;
}

/**
 * The behaviour every `ConversationStore` owes its callers. `makeStore` gives a store over fresh, empty
 * storage; `cleanUp` (optional) releases it after the suite.
 */
export function describeConversationStoreContract(
  name: string,
  makeStore: () => Promise<ConversationStore> | ConversationStore,
  cleanUp?: () => Promise<void>,
): void {
  describe(`${name} (ConversationStore contract)`, () => {
    let store: ConversationStore;
    let counter = 0;
    const session = () => `session-${++counter}`;
    beforeAll(async () => {
      store = await makeStore();
    });
    if (cleanUp) afterAll(cleanUp);

    test("loads a missing session as empty at version 0", async () => {
      expect(await store.load(session())).toEqual({ messages: [], version: 0 });
    });

    test("loads what was appended, bytes and redacted reasoning included", async () => {
      const id = session();
      const turn = sampleTurn("a");
      await store.append(id, turn.slice(0, 2), 0);
      const version = await store.append(id, turn.slice(2), 2);
      const loaded = await store.load(id);
      expect(loaded.messages).toEqual(turn);
      expect(loaded.version).toBe(version);
      const image = loaded.messages[0]?.content?.[1]?.image?.source?.bytes;
      expect(image).toBeInstanceOf(Uint8Array);
      expect([...(image ?? [])]).toEqual([137, 80, 78, 71, 0, 255, 1, 2]);
      const redacted = loaded.messages[1]?.content?.[0]?.reasoningContent?.redactedContent;
      expect([...(redacted ?? [])]).toEqual([0, 1, 2, 253, 254, 255]);
    });

    test("increases the version with every append and returns it", async () => {
      const id = session();
      const [first, second] = sampleTurn("v");
      const v1 = await store.append(id, [first!], 0);
      const v2 = await store.append(id, [second!], v1);
      expect(v1).toBeGreaterThan(0);
      expect(v2).toBeGreaterThan(v1);
      expect((await store.load(id)).version).toBe(v2);
    });

    test("rejects an append at a stale version with a conflict, writing nothing", async () => {
      const id = session();
      const turn = sampleTurn("s");
      const version = await store.append(id, turn.slice(0, 2), 0);
      const error = await conflictOf(store.append(id, turn.slice(2), 0));
      expect(error.code).toBe("conflict");
      expect(await store.load(id)).toEqual({ messages: turn.slice(0, 2), version });
    });

    test("lets exactly one of several appends at the same version win", async () => {
      const id = session();
      const writers = ["w1", "w2", "w3", "w4", "w5"];
      const outcomes = await Promise.allSettled(
        writers.map((label) => store.append(id, sampleTurn(label), 0)),
      );
      const won = outcomes.flatMap((outcome, index) =>
        outcome.status === "fulfilled" ? [writers[index]!] : [],
      );
      expect(won).toHaveLength(1);
      for (const outcome of outcomes)
        if (outcome.status === "rejected") expect((outcome.reason as LodeError).code).toBe("conflict");
      expect((await store.load(id)).messages).toEqual(sampleTurn(won[0]!));
    });

    test("deletes a session, which then loads empty and can start again", async () => {
      const id = session();
      await store.append(id, sampleTurn("d"), 0);
      await store.delete(id);
      expect(await store.load(id)).toEqual({ messages: [], version: 0 });
      expect(await store.listSessions()).not.toContain(id);
      await store.append(id, sampleTurn("again"), 0);
      expect((await store.load(id)).messages).toEqual(sampleTurn("again"));
      await store.delete(session());
    });

    test("lists the sessions that hold messages", async () => {
      const ids = [session(), session()];
      for (const id of ids) await store.append(id, sampleTurn(id), 0);
      expect(await store.listSessions()).toEqual(expect.arrayContaining(ids));
    });

    test("keeps sessions apart", async () => {
      const [a, b] = [session(), session()];
      await store.append(a, sampleTurn("a"), 0);
      await store.append(b, sampleTurn("b").slice(0, 2), 0);
      expect((await store.load(a)).messages).toEqual(sampleTurn("a"));
      expect((await store.load(b)).messages).toEqual(sampleTurn("b").slice(0, 2));
      await store.delete(a);
      expect((await store.load(b)).messages).toHaveLength(2);
    });

    test("returns copies: changing a loaded message does not change history", async () => {
      const id = session();
      await store.append(id, sampleTurn("c"), 0);
      const loaded = await store.load(id);
      loaded.messages[0]!.content!.push({ text: "tampered" });
      loaded.messages.pop();
      expect((await store.load(id)).messages).toEqual(sampleTurn("c"));
    });

    test("writes nothing when an append repeats a block id, and returns the current version", async () => {
      const id = session();
      const version = await store.append(id, sampleTurn("b"), 0, { blockId: "run-1:0" });
      expect(await store.append(id, sampleTurn("b"), 0, { blockId: "run-1:0" })).toBe(version);
      expect(await store.append(id, sampleTurn("b"), version, { blockId: "run-1:0" })).toBe(version);
      expect(await store.load(id)).toEqual({ messages: sampleTurn("b"), version });
    });

    test("writes nothing when a block id repeats after another writer appended, at any expected version", async () => {
      const id = session();
      const mine = await store.append(id, sampleTurn("mine"), 0, { blockId: "run-a:0" });
      const theirs = await store.append(id, sampleTurn("theirs"), mine, { blockId: "run-b:0" });
      const expected = { messages: [...sampleTurn("mine"), ...sampleTurn("theirs")], version: theirs };
      expect(await store.append(id, sampleTurn("mine"), 0, { blockId: "run-a:0" })).toBe(theirs);
      expect(await store.append(id, sampleTurn("mine"), mine, { blockId: "run-a:0" })).toBe(theirs);
      expect(await store.append(id, [], 2, { blockId: "run-a:0" })).toBe(theirs);
      expect(await store.load(id)).toEqual(expected);
    });

    test("stores a block once when two writers append it at the same time", async () => {
      const id = session();
      const versions = await Promise.all([
        store.append(id, sampleTurn("twice"), 0, { blockId: "run-1:0" }),
        store.append(id, sampleTurn("twice"), 0, { blockId: "run-1:0" }),
      ]);
      const stored = await store.load(id);
      expect(stored.messages).toEqual(sampleTurn("twice"));
      expect(versions).toEqual([stored.version, stored.version]);
    });

    test("keeps block ids per session, and forgets them when the session is deleted", async () => {
      const [a, b] = [session(), session()];
      await store.append(a, sampleTurn("a"), 0, { blockId: "run-1:0" });
      const version = await store.append(b, sampleTurn("b"), 0, { blockId: "run-1:0" });
      expect(await store.load(b)).toEqual({ messages: sampleTurn("b"), version });
      await store.delete(a);
      await store.append(a, sampleTurn("again"), 0, { blockId: "run-1:0" });
      expect((await store.load(a)).messages).toEqual(sampleTurn("again"));
    });

    test("gives a conflict the session's version as currentVersion", async () => {
      const id = session();
      const version = await store.append(id, sampleTurn("cv"), 0);
      const stale = await conflictOf(store.append(id, sampleTurn("late"), 0));
      expect(stale).toMatchObject({ code: "conflict", currentVersion: version });
      const ahead = await conflictOf(store.append(id, sampleTurn("late"), version + 3, { blockId: "x:0" }));
      expect(ahead).toMatchObject({ code: "conflict", currentVersion: version });
      const empty = await conflictOf(store.append(id, [], version + 1));
      expect(empty).toMatchObject({ code: "conflict", currentVersion: version });
      const missing = await conflictOf(store.append(session(), sampleTurn("m"), 5));
      expect(missing).toMatchObject({ code: "conflict", currentVersion: 0 });
    });

    test("creates no session on an empty append, and a later append at version 0 works", async () => {
      const id = session();
      expect(await store.append(id, [], 0)).toBe(0);
      expect(await store.append(id, [], 0, { blockId: "run-1:0" })).toBe(0);
      expect(await store.listSessions()).not.toContain(id);
      expect(await store.load(id)).toEqual({ messages: [], version: 0 });
      const version = await store.append(id, sampleTurn("first"), 0);
      expect(await store.load(id)).toEqual({ messages: sampleTurn("first"), version });
    });

    test("writes nothing on an empty append to a session at its version", async () => {
      const id = session();
      const version = await store.append(id, sampleTurn("e"), 0);
      expect(await store.append(id, [], version)).toBe(version);
      expect(await store.load(id)).toEqual({ messages: sampleTurn("e"), version });
      expect(await store.append(id, sampleTurn("next"), version)).toBeGreaterThan(version);
    });

    test("round-trips an append of 10,000 messages at once", async () => {
      const id = session();
      const messages = manyMessages(10_000);
      const version = await store.append(id, messages, 0, { blockId: "big:0" });
      expect(await store.load(id)).toEqual({ messages, version });
      expect(await store.append(id, messages, 0, { blockId: "big:0" })).toBe(version);
      expect(await store.append(id, sampleTurn("after"), version)).toBeGreaterThan(version);
    });

    test("reads a missing session's metadata as {}", async () => {
      expect(await store.getMetadata(session())).toEqual({});
    });

    test("reads back the metadata it was given, as a copy", async () => {
      const id = session();
      const metadata = { title: "Cats ✓ “quoted”", owner: "ada", empty: "" };
      await store.setMetadata(id, metadata);
      metadata.title = "tampered";
      const read = await store.getMetadata(id);
      expect(read).toEqual({ title: "Cats ✓ “quoted”", owner: "ada", empty: "" });
      read.owner = "tampered";
      expect((await store.getMetadata(id)).owner).toBe("ada");
    });

    test("replaces the whole metadata record on every set", async () => {
      const id = session();
      await store.setMetadata(id, { title: "first", owner: "ada" });
      await store.setMetadata(id, { title: "second", tag: "x" });
      expect(await store.getMetadata(id)).toEqual({ title: "second", tag: "x" });
      await store.setMetadata(id, {});
      expect(await store.getMetadata(id)).toEqual({});
    });

    test("deletes a session's metadata with the session", async () => {
      const id = session();
      await store.append(id, sampleTurn("m"), 0);
      await store.setMetadata(id, { title: "gone soon" });
      await store.delete(id);
      expect(await store.getMetadata(id)).toEqual({});
      const bare = session();
      await store.setMetadata(bare, { title: "no messages" });
      await store.delete(bare);
      expect(await store.getMetadata(bare)).toEqual({});
    });

    test("leaves the message version alone when metadata changes", async () => {
      const id = session();
      await store.setMetadata(id, { title: "before any message" });
      expect(await store.load(id)).toEqual({ messages: [], version: 0 });
      const version = await store.append(id, sampleTurn("mv"), 0);
      await store.setMetadata(id, { title: "after" });
      expect(await store.load(id)).toEqual({ messages: sampleTurn("mv"), version });
      expect(await store.append(id, sampleTurn("next"), version)).toBeGreaterThan(version);
      expect(await store.getMetadata(id)).toEqual({ title: "after" });
    });

    test("keeps metadata of sessions apart", async () => {
      const [a, b] = [session(), session()];
      await store.setMetadata(a, { title: "a" });
      await store.setMetadata(b, { title: "b", extra: "yes" });
      expect(await store.getMetadata(a)).toEqual({ title: "a" });
      expect(await store.getMetadata(b)).toEqual({ title: "b", extra: "yes" });
      await store.delete(a);
      expect(await store.getMetadata(b)).toEqual({ title: "b", extra: "yes" });
    });
  });
}
