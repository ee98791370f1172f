// Records the demo's Bedrock traffic (Converse with a guardrail, ApplyGuardrail) into recordings/, which
// src/demo-scenes.test.ts replays in CI. With AWS credentials, LODE_MODEL_ID and LODE_GUARDRAIL_ID, from
// Amazon Bedrock; with --scripted, from the demo's scripted bedrock-local and its guardrail standing in for
// it (how the committed recordings were made, as CI has no AWS).
// Run: pnpm --filter ./examples/guardrails record [--scripted]
import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { startBedrockLocal } from "@lode/bedrock-local";
import { startBedrockFixture } from "@lode/testing";
import { DEMO_GUARDRAIL } from "./demo-guardrail.js";
import { createSceneAgent, SCENES } from "./demo-scenes.js";

const recordings = fileURLToPath(new URL("../recordings/", import.meta.url));
const scripted = process.argv.includes("--scripted")
  ? await startBedrockLocal({
      script: fileURLToPath(new URL("./demo.script.json", import.meta.url)),
      guardrails: [DEMO_GUARDRAIL],
    })
  : undefined;
await rm(recordings, { recursive: true, force: true });
const fixture = await startBedrockFixture({
  recordings,
  mode: "record",
  ...(scripted ? { upstream: scripted.url, credentials: scripted.clientConfig.credentials } : {}),
});
const guardrail = scripted
  ? { id: DEMO_GUARDRAIL.id, version: "1" }
  : { id: process.env.LODE_GUARDRAIL_ID ?? "", version: process.env.LODE_GUARDRAIL_VERSION ?? "DRAFT" };
try {
  for (const scene of SCENES) {
    const modelId = scripted ? scene.scriptedModelId : (process.env.LODE_MODEL_ID ?? "");
    const agent = createSceneAgent({ modelId, client: fixture.client, guardrail });
    for (const prompt of scene.prompts) await agent.run(prompt, { sessionId: scene.scriptedModelId });
  }
  process.stdout.write(`recorded the demo's scenes into ${recordings}\n`);
} finally {
  await fixture.close();
  await scripted?.close();
}
