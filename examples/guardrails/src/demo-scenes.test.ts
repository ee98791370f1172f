import { fileURLToPath } from "node:url";
import { installLodeMatchers, useBedrock } from "@lode/testing/vitest";
import { describe, expect, test } from "vitest";
import { DEMO_GUARDRAIL } from "./demo-guardrail.js";
import { createSceneAgent, SCENES } from "./demo-scenes.js";

installLodeMatchers();
// The demo's traffic, guardrail checks included, recorded once (src/record-demo.ts) and replayed strictly.
const bedrock = useBedrock({
  recordings: fileURLToPath(new URL("../recordings/", import.meta.url)),
});

function agentFor(index: number) {
  const scene = SCENES[index];
  if (!scene) throw new Error(`no scene ${index}`);
  const agent = createSceneAgent({
    modelId: scene.scriptedModelId,
    client: bedrock.fixture.client,
    guardrail: { id: DEMO_GUARDRAIL.id, version: "1" },
  });
  return { agent, scene };
}

describe("the guardrails demo's scenes, on their recorded traffic", () => {
  test("a refused question, then the next one in the session answered", async () => {
    const { agent, scene } = agentFor(0);
    const refused = await agent.run(scene.prompts[0] ?? "", { sessionId: "scene-1" });
    const answered = await agent.run(scene.prompts[1] ?? "", { sessionId: "scene-1" });

    expect(refused.guardrail).toMatchObject({ side: "input", action: "blocked", policies: ["denied-topic"] });
    expect(refused).not.toHaveCalledTool("find_customer");
    expect(answered.guardrail).toBeUndefined();
    expect(answered).toHaveFinalText(/Parcel P-1 left our Lisbon depot/);
  });

  test("an answer's email address masked", async () => {
    const { agent, scene } = agentFor(1);
    const result = await agent.run(scene.prompts[0] ?? "", { sessionId: "scene-2" });

    expect(result.guardrail).toMatchObject({ side: "output", action: "masked" });
    expect(result).toHaveFinalText(/write to \{EMAIL\}/);
  });

  test("a tool result masked before the model reads it", async () => {
    const { agent, scene } = agentFor(2);
    const result = await agent.run(scene.prompts[0] ?? "", { sessionId: "scene-3" });

    expect(result).toHaveToolTrajectory([{ name: "find_customer", input: { id: "C-7" } }], "strict");
    expect(JSON.stringify(result.toolCalls[0]?.content)).toContain("{EMAIL}");
    expect(JSON.stringify(result.toolCalls[0]?.content)).not.toContain("ana.lima@example.com");
    expect(result.guardrailInterventions.map((item) => [item.origin, item.action])).toContainEqual([
      "tool",
      "masked",
    ]);
  });
});
