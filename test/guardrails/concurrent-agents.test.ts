import type { GuardrailOptions } from "@lode/core";
import { describe, expect, test } from "vitest";
import { type RequestBody, scriptedAgentPerTest, scriptOf } from "../support/scripted-agent.js";
import { converseBodies, SUPPORT_GUARDRAIL } from "./support/guardrails.js";

const startAgent = scriptedAgentPerTest();
const KIDS_GUARDRAIL = { id: "kids", versions: ["DRAFT"], words: ["dragon"] };

/** The text of a request's messages, guardContent included. */
function textOf(body: RequestBody): string {
  return JSON.stringify(body.messages);
}

describe("agents with different guardrails", () => {
  test("send each its own guardrailConfig and guardContent when their runs interleave", async () => {
    const harness = await startAgent(scriptOf({ text: "A dragon story, then." }), {
      guardrails: [SUPPORT_GUARDRAIL, KIDS_GUARDRAIL],
    });
    const support = harness.createAgent({ guardrail: { id: "support", version: "1" } });
    const kids = harness.createAgent({
      guardrail: {
        id: "kids",
        version: "DRAFT",
        trace: "disabled",
        streamProcessingMode: "async",
        guard: "all-user-text",
      },
    });
    const runs = Array.from({ length: 6 }, (_, index) =>
      index % 2 === 0
        ? support.run(`support question ${index}`).then((result) => ({ agent: "support", result }))
        : kids.run(`kids question ${index}`).then((result) => ({ agent: "kids", result })),
    );
    const results = await Promise.all(runs);

    const bodies = converseBodies(harness.server);
    expect(bodies).toHaveLength(6);
    expect(harness.server.requests.every((entry) => entry.status === 200)).toBe(true);
    for (const body of bodies) {
      if (textOf(body).includes("support question")) {
        expect(body.guardrailConfig).toEqual({
          guardrailIdentifier: "support",
          guardrailVersion: "1",
          trace: "enabled",
          streamProcessingMode: "sync",
        });
      } else {
        expect(body.guardrailConfig).toEqual({
          guardrailIdentifier: "kids",
          guardrailVersion: "DRAFT",
          trace: "disabled",
          streamProcessingMode: "async",
        });
      }
      // Both agents guard the user's text: it travels as a guardContent block, not plain text.
      expect(body.messages[0].content[0]).toEqual({
        guardContent: { text: { text: expect.stringMatching(/^(support|kids) question \d+$/) } },
      });
    }
    // Only the kids' guardrail has "dragon" in its word list; guarding all user text, it redacts by default:
    // the user saw what streamed before the block and the guardrail's message; the history keeps a placeholder.
    for (const { agent, result } of results) {
      expect(result.guardrail?.guardrailId).toBe(agent === "kids" ? "kids" : undefined);
      if (agent === "kids") {
        expect(result.text).toMatch(/Sorry, the model cannot answer this question\.$/);
        expect(result.guardrail?.placeholder).toBe("[This answer was removed: a guardrail blocked it.]");
        expect(result.messages.at(-1)?.content).toEqual([{ text: result.guardrail?.placeholder }]);
      } else expect(result.text).toBe("A dragon story, then.");
    }
  });

  test("keep a run's guardrail to that run, and ignore later changes to the caller's options object", async () => {
    const harness = await startAgent(scriptOf({ text: "Fine." }), {
      guardrails: [SUPPORT_GUARDRAIL, KIDS_GUARDRAIL],
    });
    const options: GuardrailOptions = { id: "support", version: "1" };
    const agent = harness.createAgent({ guardrail: options });
    options.id = "kids";
    options.version = "DRAFT";

    await agent.run("first");
    await agent.run("second", { guardrail: { id: "kids", version: "DRAFT", trace: "enabled_full" } });
    await agent.run("third", { guardrail: false });
    await agent.run("fourth");

    expect(converseBodies(harness.server).map((body) => body.guardrailConfig)).toEqual([
      {
        guardrailIdentifier: "support",
        guardrailVersion: "1",
        trace: "enabled",
        streamProcessingMode: "sync",
      },
      {
        guardrailIdentifier: "kids",
        guardrailVersion: "DRAFT",
        trace: "enabled_full",
        streamProcessingMode: "sync",
      },
      undefined,
      {
        guardrailIdentifier: "support",
        guardrailVersion: "1",
        trace: "enabled",
        streamProcessingMode: "sync",
      },
    ]);
  });
});
