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
  it("appends a run's first turn after another writer's, and returns the merged history", async () => {
    const store = new InMemoryConversationStore();
    const writer = new SessionWriter(store, "s", 0);
    await store.append("s", [user("theirs"), assistant("their answer")], 0);
    writer.add(user("mine"), assistant("my answer"));

    const merged = await writer.flush();

    expect(merged?.map((message) => message.role)).toEqual(["user", "assistant", "user", "assistant"]);
    expect((await store.load("s")).messages).toEqual(merged);
  });

  it("refuses to write a later step after another writer's turn, leaving a valid history", async () => {
    const store = new InMemoryConversationStore();
    const writer = new SessionWriter(store, "s", 0);
    writer.add(user("mine"), ...toolTurn("t1"));
    await writer.flush();
    const stored = await store.load("s");
    await store.append("s", [user("theirs"), assistant("their answer")], stored.version);
    writer.add(assistant("my final answer"));

    const error = await writer.flush().catch((caught: unknown) => caught);

    expect(LodeError.isInstance(error) && error.code).toBe("conflict");
    const roles = (await store.load("s")).messages.map((message) => message.role);
    expect(roles).toEqual(["user", "assistant", "user", "user", "assistant"]);
  });
});
