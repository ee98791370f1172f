// Records the demo's Bedrock traffic into recordings/, which src/demo-agent.test.ts replays in CI.
// With AWS credentials (and LODE_MODEL_ID for the model), from Amazon Bedrock; with --scripted, from the
// demo's scripted bedrock-local standing in for it (how the committed recordings were made, as CI has no
// AWS). Run: pnpm --filter ./examples/quickstart record [--scripted]
import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { startBedrockLocal } from "@lode/bedrock-local";
import { startBedrockFixture } from "@lode/testing";
import { createDemoAgent, DEMO_MODEL_ID, DEMO_QUESTION } from "./demo-agent.js";

const recordings = fileURLToPath(new URL("../recordings/", import.meta.url));
const scripted = process.argv.includes("--scripted")
  ? await startBedrockLocal({ script: fileURLToPath(new URL("./demo.script.json", import.meta.url)) })
  : undefined;
await rm(recordings, { recursive: true, force: true });
const fixture = await startBedrockFixture({
  recordings,
  mode: "record",
  ...(scripted ? { upstream: scripted.url, credentials: scripted.clientConfig.credentials } : {}),
});
try {
  const result = await createDemoAgent({
    client: fixture.client,
    modelId: process.env.LODE_MODEL_ID ?? DEMO_MODEL_ID,
  }).run(DEMO_QUESTION);
  process.stdout.write(`recorded ${result.steps.length} model calls into ${recordings}\n`);
} finally {
  await fixture.close();
  await scripted?.close();
}
