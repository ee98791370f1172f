import { DEFAULT_REDACTED_INPUT, DEFAULT_REDACTED_OUTPUT, InMemoryConversationStore } from "@lode/core";
import { describe, expect, test } from "vitest";
import { collectEvents, eventsOfType, scriptedAgentPerTest, scriptOf } from "../support/scripted-agent.js";
import { converseBodies, SUPPORT_GUARDRAIL } from "./support/guardrails.js";

const startAgent = scriptedAgentPerTest();
const guardrails = [SUPPORT_GUARDRAIL];
/** A scripted turn a blocked input would have had: the model never writes it. */
const NEVER_SENT = { text: "(never sent: the guardrail blocked the input)" };

describe("redacting a blocked input", () => {
  test("replaces every user message of the input when all user text is guarded, so a later turn passes", async () => {
    const store = new InMemoryConversationStore();
    // Turns are picked by the number of assistant messages: the input brings one, the refusal a second.
    const { agent, server } = await startAgent(
      scriptOf(NEVER_SENT, NEVER_SENT, { text: "Your parcel left Lisbon today." }),
      { guardrails, store, guardrail: { id: "support", version: "1", guard: "all-user-text" } },
    );
    const first = await agent.run(
      [
        { role: "user", content: [{ text: "Any stock tips for today?" }] },
        { role: "assistant", content: [{ text: "I only answer questions about parcels." }] },
        { role: "user", content: [{ text: "Then tell me about my order." }] },
      ],
      { sessionId: "s" },
    );
    const second = await agent.run("Where is my parcel?", { sessionId: "s" });

    expect(second.guardrail).toBeUndefined();
    expect(second.text).toBe("Your parcel left Lisbon today.");
    expect(server.requests.map((entry) => entry.status)).toEqual([200, 200]);
    expect((await store.load("s")).messages.slice(0, 4)).toEqual([
      { role: "user", content: [{ text: DEFAULT_REDACTED_INPUT }] },
      { role: "assistant", content: [{ text: "I only answer questions about parcels." }] },
      { role: "user", content: [{ text: DEFAULT_REDACTED_INPUT }] },
      { role: "assistant", content: [{ text: "I can't help with that." }] },
    ]);
    expect(JSON.stringify(converseBodies(server)[1]?.messages)).not.toContain("stock tips");
    expect(first.guardrail).toMatchObject({
      side: "input",
      action: "blocked",
      redacted: true,
      placeholder: DEFAULT_REDACTED_INPUT,
    });
  });
});

describe("redacting an answer with the trace off", () => {
  test("gives as result.text the guardrail's answer the user was streamed, the history keeping the placeholder", async () => {
    const store = new InMemoryConversationStore();
    const { agent } = await startAgent(scriptOf({ text: "That file is confidential, sorry." }), {
      guardrails,
      store,
      guardrail: { id: "support", version: "1", trace: "disabled", onIntervention: { redactOutput: true } },
    });
    const stream = agent.stream("What is in the report?", { sessionId: "s" });
    const events = await collectEvents(stream);
    const result = await stream.result;

    const streamed = eventsOfType(events, "text-delta")
      .map((event) => event.text)
      .join("");
    expect(streamed).toBe("I can't share that.");
    expect(result.text).toBe(streamed);
    expect(result.guardrail).toMatchObject({
      side: "output",
      basis: "inferred",
      redacted: true,
      placeholder: DEFAULT_REDACTED_OUTPUT,
    });
    expect((await store.load("s")).messages.at(-1)).toEqual({
      role: "assistant",
      content: [{ text: result.guardrail?.placeholder }],
    });
  });

  test("gives as result.text the masked answer the user was streamed, the history keeping the placeholder", async () => {
    const { agent } = await startAgent(scriptOf({ text: "Write to ana@example.com for refunds." }), {
      guardrails,
      guardrail: {
        id: "support",
        version: "1",
        trace: "disabled",
        onIntervention: { redactOutput: "[answer withheld]" },
      },
    });
    const stream = agent.stream("Who handles refunds?");
    const events = await collectEvents(stream);
    const result = await stream.result;

    const streamed = eventsOfType(events, "text-delta")
      .map((event) => event.text)
      .join("");
    expect(streamed).toBe("Write to {EMAIL} for refunds.");
    expect(result.text).toBe(streamed);
    expect(result.guardrail).toMatchObject({ redacted: true, placeholder: "[answer withheld]" });
    expect(result.messages.at(-1)).toEqual({ role: "assistant", content: [{ text: "[answer withheld]" }] });
  });
});
