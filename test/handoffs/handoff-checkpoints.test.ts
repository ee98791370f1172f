import type { Script } from "@lode/bedrock-local";
import type { CheckpointedAnswer, RunCheckpoint, RunCheckpointer } from "@lode/core";
import { describe, expect, test } from "vitest";
import { scriptedAgentPerTest } from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

/** Keeps every checkpoint a run saves, as a durable run's store would (the latest wins there). */
class KeepingCheckpointer implements RunCheckpointer {
  readonly saved: RunCheckpoint[] = [];
  async save(checkpoint: RunCheckpoint): Promise<void> {
    this.saved.push(structuredClone(checkpoint));
  }
  async callStarted(): Promise<void> {}
  async callAnswered(_runId: string, _answer: CheckpointedAnswer): Promise<void> {}
}

const script: Script = {
  models: {
    "triage-model": {
      selection: "sequential",
      turns: [{ content: [{ toolUse: { name: "transfer_to_billing", input: {}, id: "tu_t" } }] }],
    },
    "billing-model": {
      selection: "sequential",
      turns: [{ text: "Billing here." }, { text: "Billing here, again." }],
    },
  },
};

describe("a checkpointed run that handed over", () => {
  test("resumes as the agent it was handed to, with its count of handoffs", async () => {
    const harness = await startAgent(script);
    const make = () => {
      const billing = harness.createAgent({ modelId: "billing-model", name: "billing" });
      return harness.createAgent({
        modelId: "triage-model",
        name: "triage",
        handoffs: [billing],
        maxHandoffs: 1,
      });
    };
    const checkpointer = new KeepingCheckpointer();
    await make().run("Refund me.", { checkpointer });

    // The checkpoint before billing's step: the run as a worker that died there would leave it.
    const beforeBilling = checkpointer.saved.find(
      (checkpoint) => checkpoint.phase.kind === "between-steps" && checkpoint.steps.length === 1,
    );
    expect(beforeBilling?.handoff).toEqual({
      agent: "billing",
      from: "triage",
      since: 1,
      dropReasoning: true,
      count: 1,
    });
    const resumed = await make().run([], {
      resume: { checkpoint: beforeBilling as RunCheckpoint, calls: [] },
    });

    expect(resumed.text).toBe("Billing here, again.");
    expect(harness.server.requests.at(-1)?.targetId).toBe("billing-model");
    expect(resumed.steps.map((step) => step.agentPath)).toEqual([["triage"], ["billing"]]);
  });
});
