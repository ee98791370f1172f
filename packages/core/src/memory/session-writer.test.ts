import type { Message } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, it } from "vitest";
import { LodeError } from "../errors/lode-error.js";
import { InMemoryConversationStore } from "./in-memory-conversation-store.js";
import { SessionWriter } from "./session-writer.js";

const user = (text: string): Message => ({ role: "user", content: [{ text }] });
const assistant = (text: string): Message => ({ role: "assistant", content: [{ text }] });
const toolTurn = (id: string): Message[] => [
  { role: "assistant", content: [{ toolUse: { toolUseId: id, name: "lookup", input: {} } }] },
  {
    role: "user",
    content: [{ toolResult: { toolUseId: id, content: [{ text: "ok" }], status: "success" } }],
  },
];

describe("SessionWriter", () => {
  it("appends a run's messages after another writer's when it meets a conflict", async () => {
    const store = new InMemoryConversationStore();
    const writer = new SessionWriter(store, "s", 0);
    await store.append("s", [user("theirs"), assistant("their answer")], 0);
    writer.add(user("mine"), assistant("my answer"));

    await writer.flush();

    const stored = (await store.load("s")).messages;
    expect(stored.map((message) => message.content?.[0]?.text)).toEqual([
      "theirs",
      "their answer",
      "mine",
      "my answer",
    ]);
  });

  it("keeps a run's tool turns whole and together after another writer's", async () => {
    const store = new InMemoryConversationStore();
    const writer = new SessionWriter(store, "s", 0);
    writer.add(user("mine"), ...toolTurn("t1"), assistant("my final answer"));
    await store.append("s", [user("theirs"), assistant("their answer")], 0);

    await writer.flush();

    const roles = (await store.load("s")).messages.map((message) => message.role);
    expect(roles).toEqual(["user", "assistant", "user", "assistant", "user", "assistant"]);
  });

  it("gives up with the store's conflict after its retries", async () => {
    const store = new InMemoryConversationStore();
    const writer = new SessionWriter(store, "s", 0, 0);
    await store.append("s", [user("theirs"), assistant("their answer")], 0);
    writer.add(user("mine"), assistant("my answer"));

    const error = await writer.flush().catch((caught: unknown) => caught);

    expect(LodeError.isInstance(error) && error.code).toBe("conflict");
    expect((await store.load("s")).messages).toHaveLength(2);
  });
});
