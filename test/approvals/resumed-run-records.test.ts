import { InMemoryConversationStore, type RunResult } from "@lode/core";
import { describe, expect, test } from "vitest";
import { scriptedAgentPerTest, scriptOf } from "../support/scripted-agent.js";
import { TWO_APPROVALS, tripTools } from "./support/trip-tools.js";

const startAgent = scriptedAgentPerTest();

const DECISIONS = [
  { toolUseId: "tu_oslo", approved: true as const },
  { toolUseId: "tu_lima", approved: false as const, reason: "Too far." },
];

/** A run's tool call records as [step, toolUseId, status]. */
function callsOf(result: RunResult<unknown>) {
  return result.toolCalls.map((call) => [call.step, call.toolUseId, call.status]);
}

/** Each step's number and its calls' ids. */
function stepsOf(result: RunResult<unknown>) {
  return result.steps.map((step) => [step.step, step.toolCalls.map((call) => call.toolUseId)]);
}

/** A harness whose session "s" holds a run paused on the two bookings (the weather already answered). */
async function pausedTrip(text = "Oslo is booked; Lima was refused.") {
  const trip = tripTools();
  const store = new InMemoryConversationStore();
  const harness = await startAgent(scriptOf(TWO_APPROVALS, { text }), { tools: trip.tools, store });
  const paused = await harness.agent.run("Book Oslo and Lima.", { sessionId: "s" });
  expect(paused.stopReason).toBe("awaiting_approval");
  return { harness, trip };
}

describe("the records of a run resumed after approval", () => {
  test("holds the approved call that ran and the denied one, in result.toolCalls and its first step", async () => {
    const { harness } = await pausedTrip();
    const resumed = await harness.agent.run({ decisions: DECISIONS }, { sessionId: "s" });

    expect(callsOf(resumed)).toEqual([
      [0, "tu_oslo", "success"],
      [0, "tu_lima", "error"],
    ]);
    expect(resumed.toolCalls[0]?.content).toEqual([{ json: { booked: "Oslo", price: 250 } }]);
    expect(resumed.toolCalls[1]?.input).toEqual({ city: "Lima", price: 900 });
    // Step 0 is the paused step this run finished; step 1 is this run's own model call.
    expect(stepsOf(resumed)).toEqual([
      [0, ["tu_oslo", "tu_lima"]],
      [1, []],
    ]);
    const [finished] = resumed.steps;
    expect(finished?.stopReason).toBe("tool_use");
    expect(finished?.message.content?.filter((block) => block.toolUse)).toHaveLength(3);
    // Its model call was counted by the run that paused: this run's usage is its own call's.
    expect(finished?.usage.totalTokens).toBe(0);
    expect(resumed.usage.totalTokens).toBe(resumed.steps[1]?.usage.totalTokens);
  });

  test("holds them when a new Agent on the same store resumes the session", async () => {
    const { harness } = await pausedTrip();
    const resumed = await harness.createAgent().run({ decisions: DECISIONS }, { sessionId: "s" });

    expect(callsOf(resumed)).toEqual([
      [0, "tu_oslo", "success"],
      [0, "tu_lima", "error"],
    ]);
    expect(stepsOf(resumed)[0]).toEqual([0, ["tu_oslo", "tu_lima"]]);
  });

  test("holds the calls a new user message denied, with their error status", async () => {
    const { harness } = await pausedTrip("Understood, nothing booked.");
    const next = await harness.agent.run("Actually, forget it.", { sessionId: "s" });

    expect(callsOf(next)).toEqual([
      [0, "tu_oslo", "error"],
      [0, "tu_lima", "error"],
    ]);
  });

  test("holds the calls decided so far when the run pauses again on the rest", async () => {
    const { harness } = await pausedTrip();
    const partly = await harness.agent.run(
      { decisions: [{ toolUseId: "tu_oslo", approved: true }] },
      { sessionId: "s" },
    );

    expect(partly.stopReason).toBe("awaiting_approval");
    expect(callsOf(partly)).toEqual([[0, "tu_oslo", "success"]]);
    expect(stepsOf(partly)).toEqual([[0, ["tu_oslo"]]]);

    const done = await harness.agent.run(
      { decisions: [{ toolUseId: "tu_lima", approved: true }] },
      { sessionId: "s" },
    );
    expect(callsOf(done)).toEqual([[0, "tu_lima", "success"]]);
  });
});
