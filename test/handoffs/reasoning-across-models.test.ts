import type { Script } from "@lode/bedrock-local";
import { defineTool } from "@lode/tools";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { type RequestBody, scriptedAgentPerTest } from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

const SONNET = "anthropic.claude-sonnet-4-20250514-v1:0";
const SONNET_PROFILE = `us.${SONNET}`;
const HAIKU = "anthropic.claude-3-5-haiku-20241022-v1:0";
const NOVA = "amazon.nova-pro-v1:0";

/** Triage (on `from`) thinks, then hands over; billing (on `to`) thinks and answers. */
function script(from: string, to: string): Script {
  return {
    models: {
      [from]: {
        selection: "sequential",
        turns: [
          {
            content: [
              { reasoning: "This is about money: billing." },
              { toolUse: { name: "transfer_to_billing", input: {}, id: "tu_t" } },
            ],
          },
        ],
      },
      [to]: {
        selection: "sequential",
        turns: [{ content: [{ reasoning: "A refund question." }, { text: "Billing: refund sent." }] }],
      },
    },
  } as Script;
}

async function handOver(from: string, to: string) {
  const harness = await startAgent(script(from, to));
  const billing = harness.createAgent({ modelId: to, name: "billing" });
  const triage = harness.createAgent({ modelId: from, name: "triage", handoffs: [billing] });
  const result = await triage.run("Refund me.");
  const toTarget = harness.server.requests.filter((entry) => entry.operation === "ConverseStream").at(-1);
  return { result, sent: JSON.stringify((toTarget?.body as RequestBody | undefined)?.messages) };
}

describe("reasoning blocks across a handoff (bedrock-local refuses them as Bedrock does)", () => {
  test("are not sent to another Claude model, whose signature check would refuse them", async () => {
    const { result, sent } = await handOver(SONNET, HAIKU);
    expect(result.text).toBe("Billing: refund sent.");
    expect(sent).not.toContain("reasoningContent");
    // The history keeps them as the model sent them.
    expect(JSON.stringify(result.messages)).toContain("This is about money: billing.");
  });

  test("are not sent to Nova, which refuses reasoning played back", async () => {
    const { result, sent } = await handOver(SONNET, NOVA);
    expect(result.text).toBe("Billing: refund sent.");
    expect(sent).not.toContain("reasoningContent");
  });

  test("are kept for the same model reached through an inference profile", async () => {
    const { result, sent } = await handOver(SONNET_PROFILE, SONNET);
    expect(result.text).toBe("Billing: refund sent.");
    expect(sent).toContain("This is about money: billing.");
  });
});

describe("a Nova agent's own reasoning", () => {
  test("is left out of its next request: Nova refuses reasoning played back, even its own", async () => {
    const harness = await startAgent({
      models: {
        [NOVA]: {
          turns: [
            {
              content: [{ reasoning: "Look it up." }, { toolUse: { name: "lookup", input: {}, id: "tu_1" } }],
            },
            { content: [{ reasoning: "Got it." }, { text: "Found it." }] },
          ],
        },
      },
    } as Script);
    const lookup = defineTool({
      name: "lookup",
      description: "Looks up.",
      input: z.object({}),
      run: async () => "ok",
    });
    const result = await harness.createAgent({ modelId: NOVA, tools: [lookup] }).run("Find it.");
    expect(result.text).toBe("Found it.");
  });
});
