import { type ConversationStore, InMemoryConversationStore, LodeError } from "@lode/core";
import { afterEach, describe, expect, test } from "vitest";
import {
  collectEvents,
  eventsOfType,
  lodeErrorOf,
  scriptedAgentPerTest,
  scriptOf,
} from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

/** `inner` with some of its methods replaced; every other call reaches it unchanged. */
function storeWith(inner: ConversationStore, overrides: Partial<ConversationStore>): ConversationStore {
  return {
    load: (sessionId) => inner.load(sessionId),
    append: (sessionId, messages, expectedVersion, options) =>
      inner.append(sessionId, messages, expectedVersion, options),
    delete: (sessionId) => inner.delete(sessionId),
    listSessions: () => inner.listSessions(),
    getMetadata: (sessionId) => inner.getMetadata(sessionId),
    setMetadata: (sessionId, metadata) => inner.setMetadata(sessionId, metadata),
    ...overrides,
  };
}

/** Releases the stores' hung calls once each test is over, so nothing is left pending behind it. */
const releases: (() => void)[] = [];
afterEach(() => {
  for (const release of releases.splice(0)) release();
});

/**
 * An in-memory store whose `method` does not answer until the test is over (a store whose connection
 * hangs). `onCall` runs as each hung call starts.
 */
function hangingStore(method: "load" | "append", onCall: () => void = () => {}) {
  const inner = new InMemoryConversationStore();
  let calls = 0;
  const hung = <T>(work: () => Promise<T>): Promise<T> => {
    calls++;
    onCall();
    return new Promise<void>((release) => releases.push(release)).then(work);
  };
  const store = storeWith(
    inner,
    method === "load"
      ? { load: (sessionId) => hung(() => inner.load(sessionId)) }
      : { append: (...args) => hung(() => inner.append(...args)) },
  );
  return { store, inner, calls: () => calls };
}

describe("a store call that never answers", () => {
  test("rejects with timeout at the run's timeoutMs while the session's load hangs", async () => {
    const { store, calls } = hangingStore("load");
    const harness = await startAgent(scriptOf({ text: "Hi." }), { store });
    const error = await lodeErrorOf(harness.agent.run("Hello.", { sessionId: "s", timeoutMs: 200 }));

    expect(error.code).toBe("timeout");
    expect(calls()).toBe(1);
    expect(harness.server.requests).toHaveLength(0);
  });

  test("rejects as aborted when the caller aborts while the session's load hangs", async () => {
    const controller = new AbortController();
    const { store } = hangingStore("load", () => controller.abort());
    const harness = await startAgent(scriptOf({ text: "Hi." }), { store });
    const error = await lodeErrorOf(
      harness.agent.run("Hello.", { sessionId: "s", signal: controller.signal }),
    );

    expect(error.code).toBe("aborted");
    expect(harness.server.requests).toHaveLength(0);
  });

  test("rejects with timeout at the run's timeoutMs while the append of a finished answer hangs", async () => {
    const { store, inner } = hangingStore("append");
    const harness = await startAgent(scriptOf({ text: "Hi." }), { store });
    const stream = harness.agent.stream("Hello.", { sessionId: "s", timeoutMs: 1_000 });
    const events = await collectEvents(stream);
    const error = await lodeErrorOf(stream.result);

    expect(error.code).toBe("timeout");
    // The answer was complete: the run was held by its write alone.
    expect(eventsOfType(events, "message").map((event) => event.message)).toEqual([
      { role: "assistant", content: [{ text: "Hi." }] },
    ]);
    expect(eventsOfType(events, "run-error").map((event) => event.code)).toEqual(["timeout"]);
    expect((await inner.load("s")).messages).toEqual([]);
  });

  test("rejects as aborted when the caller aborts while the append hangs", async () => {
    const controller = new AbortController();
    const { store, calls } = hangingStore("append", () => controller.abort());
    const harness = await startAgent(scriptOf({ text: "Hi." }), { store });
    const error = await lodeErrorOf(
      harness.agent.run("Hello.", { sessionId: "s", signal: controller.signal }),
    );

    expect(error.code).toBe("aborted");
    expect(calls()).toBe(1);
  });

  test("gives up with store-failed once the load takes longer than storeTimeoutMs", async () => {
    const { store } = hangingStore("load");
    const harness = await startAgent(scriptOf({ text: "Hi." }), { store });
    const error = await lodeErrorOf(harness.agent.run("Hello.", { sessionId: "s", storeTimeoutMs: 100 }));

    expect(error.code).toBe("store-failed");
    expect(harness.server.requests).toHaveLength(0);
  });

  test("gives up with store-failed once every append takes longer than storeTimeoutMs", async () => {
    const { store, inner } = hangingStore("append");
    const harness = await startAgent(scriptOf({ text: "Hi." }), { store });
    const error = await lodeErrorOf(harness.agent.run("Hello.", { sessionId: "s", storeTimeoutMs: 100 }));

    expect(error.code).toBe("store-failed");
    expect((await inner.load("s")).messages).toEqual([]);
  });
});

describe("a store that fails for a moment", () => {
  test("stores the turn once when an append fails once before writing", async () => {
    const inner = new InMemoryConversationStore();
    let appends = 0;
    const store = storeWith(inner, {
      append: async (...args) => {
        if (++appends === 1) throw new Error("connection reset");
        return inner.append(...args);
      },
    });
    const harness = await startAgent(scriptOf({ text: "Hi." }), { store });
    const result = await harness.agent.run("Hello.", { sessionId: "s" });

    expect(result.text).toBe("Hi.");
    expect(appends).toBe(2);
    expect((await inner.load("s")).messages).toEqual([
      { role: "user", content: [{ text: "Hello." }] },
      { role: "assistant", content: [{ text: "Hi." }] },
    ]);
  });

  test("stores the turn once when an append writes and its acknowledgement is lost", async () => {
    const inner = new InMemoryConversationStore();
    let appends = 0;
    const store = storeWith(inner, {
      append: async (...args) => {
        const version = await inner.append(...args);
        if (++appends === 1) throw new Error("connection reset after the write");
        return version;
      },
    });
    const harness = await startAgent(scriptOf({ text: "Hi." }), { store });
    const result = await harness.agent.run("Hello.", { sessionId: "s" });

    expect(result.text).toBe("Hi.");
    expect(appends).toBe(2);
    expect(await inner.load("s")).toEqual({
      messages: [
        { role: "user", content: [{ text: "Hello." }] },
        { role: "assistant", content: [{ text: "Hi." }] },
      ],
      version: 2,
    });
  });

  test("rejects with store-failed, the store's own error as its cause, when every append fails", async () => {
    const storeError = new Error("disk full");
    const store = storeWith(new InMemoryConversationStore(), {
      append: async () => {
        throw storeError;
      },
    });
    const harness = await startAgent(scriptOf({ text: "Hi." }), { store });
    const stream = harness.agent.stream("Hello.", { sessionId: "s" });
    const events = await collectEvents(stream);
    const error = await lodeErrorOf(stream.result);

    expect(error.code).toBe("store-failed");
    expect(error.cause).toBe(storeError);
    expect(eventsOfType(events, "run-error").map((event) => event.code)).toEqual(["store-failed"]);
  });

  test("rejects with store-failed, the store's own error as its cause, when the load fails", async () => {
    const storeError = new Error("connection refused");
    const store = storeWith(new InMemoryConversationStore(), {
      load: async () => {
        throw storeError;
      },
    });
    const harness = await startAgent(scriptOf({ text: "Hi." }), { store });
    const error = await lodeErrorOf(harness.agent.run("Hello.", { sessionId: "s" }));

    expect(error.code).toBe("store-failed");
    expect(error.cause).toBe(storeError);
    expect(harness.server.requests).toHaveLength(0);
  });
});

describe("two runs writing one session at once", () => {
  test("appends after the other run's turn at the version the conflict reports, loading nothing more", async () => {
    const inner = new InMemoryConversationStore();
    let loads = 0;
    const appends: { expectedVersion: number; outcome: "appended" | "conflict" }[] = [];
    const store = storeWith(inner, {
      load: (sessionId) => {
        loads++;
        return inner.load(sessionId);
      },
      append: async (sessionId, messages, expectedVersion, options) => {
        try {
          const version = await inner.append(sessionId, messages, expectedVersion, options);
          appends.push({ expectedVersion, outcome: "appended" });
          return version;
        } catch (error) {
          if (LodeError.isInstance(error) && error.code === "conflict")
            appends.push({ expectedVersion, outcome: "conflict" });
          throw error;
        }
      },
    });
    const harness = await startAgent(
      { models: { "*": { selection: "sequential", turns: [{ text: "Two." }, { text: "One." }] } } },
      { store },
    );
    // The first run loads the session and waits (its events are not read) while the second runs to its end.
    const earlier = harness.agent.stream("First.", { sessionId: "s" });
    const events = earlier[Symbol.asyncIterator]();
    expect((await events.next()).value?.type).toBe("run-start");
    const second = await harness.agent.run("Second.", { sessionId: "s" });
    while (!(await events.next()).done) {}
    const first = await earlier.result;

    expect([first.text, second.text]).toEqual(["One.", "Two."]);
    expect(loads).toBe(2);
    expect(appends).toEqual([
      { expectedVersion: 0, outcome: "appended" },
      { expectedVersion: 0, outcome: "conflict" },
      { expectedVersion: 2, outcome: "appended" },
    ]);
    expect((await inner.load("s")).messages).toEqual([
      { role: "user", content: [{ text: "Second." }] },
      { role: "assistant", content: [{ text: "Two." }] },
      { role: "user", content: [{ text: "First." }] },
      { role: "assistant", content: [{ text: "One." }] },
    ]);
  });
});

describe("a store that answers load with something else", () => {
  /** A store of the caller's own whose load answers what `answer` gives. */
  class LegacyStore extends InMemoryConversationStore {
    constructor(private readonly answer: unknown) {
      super();
    }
    override async load() {
      return this.answer as Awaited<ReturnType<InMemoryConversationStore["load"]>>;
    }
  }

  test.each([
    ["{ messages: null }", { messages: null, version: 0 }, "answered messages: null"],
    ["undefined", undefined, "answered undefined"],
    ["a version that is no number", { messages: [], version: "3" }, 'answered version: string "3"'],
  ])(
    "rejects a load that answers %s with store-failed naming the store, before any call",
    async (_name, answer, says) => {
      const harness = await startAgent(scriptOf({ text: "Hi." }), { store: new LegacyStore(answer) });
      const error = await lodeErrorOf(harness.agent.run("Hello.", { sessionId: "s-1" }));

      expect(error.code).toBe("store-failed");
      expect(error.retryable).toBe(false);
      expect(error.message).toBe(
        `The conversation store (LegacyStore) ${says} to load("s-1"): load must resolve to { messages: Message[], version: number }.`,
      );
      expect(harness.server.requests).toHaveLength(0);
    },
  );
});
