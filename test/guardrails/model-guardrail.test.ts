import { guarded } from "@lode/core";
import { describe, expect, test } from "vitest";
import { collectEvents, eventsOfType, scriptedAgentPerTest, scriptOf } from "../support/scripted-agent.js";
import { converseBodies, interventionsOf, SUPPORT_GUARDRAIL } from "./support/guardrails.js";

const startAgent = scriptedAgentPerTest();
const guardrails = [SUPPORT_GUARDRAIL];
/** The scripted turn a blocked input would have had: the model never writes it. */
const NEVER_SENT = { text: "(never sent: the guardrail blocked the input)" };

describe("a guardrail on the model's input", () => {
  test("reports a blocked input with the denied topic it found, from the trace", async () => {
    const { agent, server } = await startAgent(scriptOf({ text: "Index funds are a start." }), {
      guardrails,
      guardrail: { id: "support", version: "1" },
    });
    const stream = agent.stream("Any stock tips for today?");
    const events = await collectEvents(stream);
    const result = await stream.result;

    const intervention = {
      origin: "model",
      side: "input",
      action: "blocked",
      basis: "trace",
      stopReason: "guardrail_intervened",
      policies: ["denied-topic"],
      findings: [{ policy: "denied-topic", name: "Investing", action: "blocked" }],
      guardrailId: "support",
      guardrailVersion: "1",
      redacted: false,
    };
    expect(interventionsOf(events)).toEqual([expect.objectContaining(intervention)]);
    expect(result.guardrail).toMatchObject(intervention);
    expect(result.stopReason).toBe("guardrail_intervened");
    expect(result.text).toBe("I can't help with that.");
    const [body] = converseBodies(server);
    expect(body?.guardrailConfig).toEqual({
      guardrailIdentifier: "support",
      guardrailVersion: "1",
      trace: "enabled",
      streamProcessingMode: "sync",
    });
    expect(body?.messages).toEqual([
      { role: "user", content: [{ guardContent: { text: { text: "Any stock tips for today?" } } }] },
    ]);
  });

  test("still reports a blocked input with the trace disabled, inferring the side", async () => {
    const { agent } = await startAgent(scriptOf({ text: "Index funds are a start." }), {
      guardrails,
      guardrail: { id: "support", version: "1", trace: "disabled" },
    });
    const result = await agent.run("Any stock tips for today?");

    expect(result.guardrail).toMatchObject({
      side: "input",
      action: "blocked",
      basis: "inferred",
      policies: [],
      findings: [],
      trace: undefined,
    });
    expect(result.usage.outputTokens).toBe(0);
  });

  test("sends only the blocks the caller marked as guardContent in marked mode", async () => {
    const { agent, server } = await startAgent(scriptOf({ text: "Noted." }), {
      guardrails,
      guardrail: { id: "support", version: "1", guard: "marked" },
    });
    // The unmarked block mentions a denied topic, and is not read.
    const result = await agent.run([
      { text: "Context: this desk never gives stock tips." },
      guarded("Where is my parcel?"),
    ]);

    expect(result.guardrail).toBeUndefined();
    expect(converseBodies(server)[0]?.messages[0].content).toEqual([
      { text: "Context: this desk never gives stock tips." },
      { guardContent: { text: { text: "Where is my parcel?" } } },
    ]);
    expect(result.messages[0]?.content).toEqual([
      { text: "Context: this desk never gives stock tips." },
      { text: "Where is my parcel?" },
    ]);
  });
});

describe("a guardrail on the model's output", () => {
  test("reports a blocked answer with the word it found", async () => {
    const { agent } = await startAgent(scriptOf({ text: "That file is confidential, sorry." }), {
      guardrails,
      guardrail: { id: "support", version: "1" },
    });
    const result = await agent.run("What is in the report?");

    expect(result.guardrail).toMatchObject({
      side: "output",
      action: "blocked",
      basis: "trace",
      policies: ["word"],
      findings: [{ policy: "word", match: "confidential", action: "blocked" }],
    });
    expect(result.text).toBe("I can't share that.");
    expect(result.usage.outputTokens).toBeGreaterThan(0);
  });

  test("reports a masked answer as masked, keeping the masked text", async () => {
    const { agent } = await startAgent(scriptOf({ text: "Write to ana@example.com for refunds." }), {
      guardrails,
      guardrail: { id: "support", version: "1" },
    });
    const result = await agent.run("Who handles refunds?");

    expect(result.guardrail).toMatchObject({
      side: "output",
      action: "masked",
      findings: [
        {
          policy: "sensitive-information",
          kind: "pii",
          type: "EMAIL",
          match: "ana@example.com",
          action: "masked",
        },
      ],
      redacted: false,
    });
    expect(result.text).toBe("Write to {EMAIL} for refunds.");
  });

  test("infers the output side with the trace disabled, without claiming blocked or masked", async () => {
    const { agent } = await startAgent(scriptOf({ text: "That file is confidential, sorry." }), {
      guardrails,
      guardrail: { id: "support", version: "1", trace: "disabled" },
    });
    const result = await agent.run("What is in the report?");

    expect(result.guardrail).toMatchObject({ side: "output", action: "unknown", basis: "inferred" });
    expect(result.text).toBe("I can't share that.");
  });

  test("streams the answer in async mode until the block, and redacts it from the history on request", async () => {
    const { agent, server } = await startAgent(
      scriptOf({ text: "Here is the summary you asked for. It is confidential material.", chunkSize: 8 }),
      {
        guardrails,
        guardrail: {
          id: "support",
          version: "1",
          streamProcessingMode: "async",
          onIntervention: { redactOutput: "[answer withheld]" },
        },
      },
    );
    const stream = agent.stream("Summarise the report.");
    const events = await collectEvents(stream);
    const result = await stream.result;

    expect(converseBodies(server)[0]?.guardrailConfig.streamProcessingMode).toBe("async");
    const streamed = eventsOfType(events, "text-delta")
      .map((event) => event.text)
      .join("");
    expect(streamed).toContain("Here is the summary");
    expect(streamed).toContain("I can't share that.");
    expect(result.guardrail).toMatchObject({ side: "output", action: "blocked", redacted: true });
    expect(result.messages.at(-1)).toEqual({ role: "assistant", content: [{ text: "[answer withheld]" }] });
    expect(eventsOfType(events, "message").at(-1)?.message).toEqual(result.messages.at(-1));
  });
});

describe("a conversation after an intervention", () => {
  test("goes on after a blocked input, keeping the refused exchange, when only the latest message is guarded", async () => {
    // A blocked input never reaches the model, but its refusal counts as the conversation's first answer.
    const { agent, server } = await startAgent(
      scriptOf(NEVER_SENT, { text: "Your parcel left Lisbon today." }),
      {
        guardrails,
        guardrail: { id: "support", version: "1" },
      },
    );
    const first = await agent.run("Any stock tips for today?", { sessionId: "s" });
    const second = await agent.run("Where is my parcel?", { sessionId: "s" });

    expect(first.guardrail?.side).toBe("input");
    expect(second.guardrail).toBeUndefined();
    expect(second.text).toBe("Your parcel left Lisbon today.");
    expect(server.requests.map((entry) => entry.status)).toEqual([200, 200]);
    expect(converseBodies(server)[1]?.messages).toEqual([
      { role: "user", content: [{ text: "Any stock tips for today?" }] },
      { role: "assistant", content: [{ text: "I can't help with that." }] },
      { role: "user", content: [{ guardContent: { text: { text: "Where is my parcel?" } } }] },
    ]);
  });

  test("goes on after a blocked input when every message is guarded, because the input is redacted", async () => {
    // A blocked input never reaches the model, but its refusal counts as the conversation's first answer.
    const { agent, server } = await startAgent(
      scriptOf(NEVER_SENT, { text: "Your parcel left Lisbon today." }),
      {
        guardrails,
        guardrail: { id: "support", version: "1", guard: "none" },
      },
    );
    const first = await agent.run("Any stock tips for today?", { sessionId: "s" });
    const second = await agent.run("Where is my parcel?", { sessionId: "s" });

    expect(first.guardrail).toMatchObject({ side: "input", redacted: true });
    expect(first.messages[0]).toEqual({
      role: "user",
      content: [{ text: "[This message was removed: a guardrail blocked it.]" }],
    });
    expect(second.guardrail).toBeUndefined();
    expect(second.text).toBe("Your parcel left Lisbon today.");
    expect(server.requests.map((entry) => entry.status)).toEqual([200, 200]);
    expect(converseBodies(server)[1]?.messages).toEqual([
      { role: "user", content: [{ text: "[This message was removed: a guardrail blocked it.]" }] },
      { role: "assistant", content: [{ text: "I can't help with that." }] },
      { role: "user", content: [{ text: "Where is my parcel?" }] },
    ]);
  });

  test("stays blocked when every message is guarded and the blocked input is kept: why redaction is the default there", async () => {
    const { agent } = await startAgent(scriptOf(NEVER_SENT, { text: "Your parcel left Lisbon today." }), {
      guardrails,
      guardrail: {
        id: "support",
        version: "1",
        guard: "all-user-text",
        onIntervention: { redactInput: false },
      },
    });
    await agent.run("Any stock tips for today?", { sessionId: "s" });
    const second = await agent.run("Where is my parcel?", { sessionId: "s" });

    expect(second.guardrail?.side).toBe("input");
  });

  test("goes on after a blocked answer, with the tool loop and the store intact", async () => {
    const { agent, server } = await startAgent(
      scriptOf({ text: "That file is confidential, sorry." }, { text: "Your order ships on Monday." }),
      { guardrails, guardrail: { id: "support", version: "1", onIntervention: { redactOutput: true } } },
    );
    const first = await agent.run("What is in the report?", { sessionId: "s" });
    const second = await agent.run("When does my order ship?", { sessionId: "s" });

    expect(first.guardrail).toMatchObject({ side: "output", redacted: true });
    expect(second.text).toBe("Your order ships on Monday.");
    expect(server.requests.map((entry) => entry.status)).toEqual([200, 200]);
    expect(converseBodies(server)[1]?.messages[1]).toEqual({
      role: "assistant",
      content: [{ text: "[This answer was removed: a guardrail blocked it.]" }],
    });
  });

  test("runs the tools of an answer whose text was only masked", async () => {
    const { agent, server } = await startAgent(
      scriptOf(
        {
          content: [
            { text: "I will email ana@example.com the label." },
            { toolUse: { name: "send_label", input: { parcel: "P-1" } } },
          ],
        },
        { text: "Done: the label is on its way." },
      ),
      {
        guardrails,
        guardrail: { id: "support", version: "1" },
        tools: [
          {
            name: "send_label",
            description: "Send a shipping label.",
            inputSchema: { type: "object", properties: { parcel: { type: "string" } } },
            validate: (input) => ({ success: true, value: input }),
            run: async () => [{ text: "sent" }],
          },
        ],
      },
    );
    const result = await agent.run("Send me the label for P-1.");

    expect(result.steps.map((step) => step.stopReason)).toEqual(["guardrail_intervened", "end_turn"]);
    expect(result.guardrailInterventions.map((item) => [item.side, item.action])).toEqual([
      ["output", "masked"],
    ]);
    expect(result.toolCalls.map((call) => call.status)).toEqual(["success"]);
    expect(result.text).toBe("Done: the label is on its way.");
    expect(server.requests.map((entry) => entry.status)).toEqual([200, 200]);
  });
});
