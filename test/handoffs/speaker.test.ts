import { type Agent, InMemoryConversationStore, type Speaker, type SpeakRequest } from "@lode/core";
import { describe, expect, test } from "vitest";
import { collectEvents, eventsOfType, scriptedAgentPerTest } from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

/** Triage hands the conversation to the speaker's agent; the speaker answers both turns. */
const script = {
  models: {
    "triage-model": {
      turns: [{ content: [{ toolUse: { name: "transfer_to_assayer", input: {}, id: "tu_t1" } }] }],
    },
  },
};

/** A speaker that answers in two pieces and remembers what it was asked. */
function recordingSpeaker(): Speaker & { requests: SpeakRequest[] } {
  const requests: SpeakRequest[] = [];
  return {
    requests,
    async *speak(request) {
      requests.push(request);
      yield "Assayer here: ";
      yield `turn ${requests.length}.`;
    },
  };
}

async function startDesk(speaker: Speaker) {
  const harness = await startAgent(script);
  const store = new InMemoryConversationStore();
  const assayer: Agent = harness.createAgent({ modelId: "assayer", name: "assayer", speaker, store });
  const triage = harness.createAgent({ modelId: "triage-model", name: "triage", store, handoffs: [assayer] });
  return { harness, triage };
}

describe("an agent with a speaker (AgentOptions.speaker)", () => {
  test("takes the turn after a handoff: its text streams under its path and ends the run", async () => {
    const speaker = recordingSpeaker();
    const { harness, triage } = await startDesk(speaker);
    const stream = triage.stream("Is this gold?", { sessionId: "s1" });
    const events = await collectEvents(stream);
    const result = await stream.result;

    expect(result.text).toBe("Assayer here: turn 1.");
    expect(result.stopReason).toBe("end_turn");
    const deltas = eventsOfType(events, "text-delta");
    expect(deltas.map((event) => [event.agentPath.join("/"), event.text])).toEqual([
      ["assayer", "Assayer here: "],
      ["assayer", "turn 1."],
    ]);
    expect(eventsOfType(events, "handoff")).toMatchObject([{ from: "triage", to: "assayer" }]);
    // It was given the conversation, ending on the answered transfer.
    const [request] = speaker.requests;
    expect(request?.sessionId).toBe("s1");
    expect(request?.agentPath).toEqual(["assayer"]);
    expect(request?.messages[0]).toEqual({ role: "user", content: [{ text: "Is this gold?" }] });
    expect(request?.messages.at(-1)?.content?.[0]?.toolResult?.toolUseId).toBe("tu_t1");
    // Only triage's model call reached Bedrock; the speaker's step spent nothing.
    expect(harness.server.requests).toHaveLength(1);
    expect(result.usageByAgent.find((entry) => entry.agentPath[0] === "assayer")?.usage.totalTokens).toBe(0);
  });

  test("keeps the conversation: the session's next message goes to the speaker, with the history", async () => {
    const speaker = recordingSpeaker();
    const { harness, triage } = await startDesk(speaker);
    await triage.run("Is this gold?", { sessionId: "s1" });
    const next = await triage.run("And this?", { sessionId: "s1" });

    expect(next.text).toBe("Assayer here: turn 2.");
    expect(harness.server.requests).toHaveLength(1);
    const messages = speaker.requests[1]?.messages ?? [];
    expect(messages.at(-2)).toEqual({ role: "assistant", content: [{ text: "Assayer here: turn 1." }] });
    expect(messages.at(-1)).toEqual({ role: "user", content: [{ text: "And this?" }] });
  });

  test("a speaker that throws fails the run with its error", async () => {
    const { triage } = await startDesk({
      // biome-ignore lint/correctness/useYield: it fails before it says anything.
      async *speak() {
        throw new Error("the assayer is out");
      },
    });

    await expect(triage.run("Is this gold?")).rejects.toThrow(/the assayer is out/);
  });
});
