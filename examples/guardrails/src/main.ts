import { fileURLToPath } from "node:url";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { startBedrockLocal } from "@lode/bedrock-local";
import { type Agent, LodeError } from "@lode/core";
import { DEMO_GUARDRAIL } from "./demo-guardrail.js";
import { createSceneAgent, SCENES, type Scene } from "./demo-scenes.js";
import { createEventRenderer, type Styles, terminalStyles } from "./render-events.js";

/** Real Bedrock when credentials, a model id and a guardrail id are configured; bedrock-local otherwise. */
function wantsRealBedrock(): boolean {
  const hasCredentials = Boolean(
    process.env.AWS_ACCESS_KEY_ID || process.env.AWS_PROFILE || process.env.AWS_WEB_IDENTITY_TOKEN_FILE,
  );
  return hasCredentials && Boolean(process.env.LODE_MODEL_ID) && Boolean(process.env.LODE_GUARDRAIL_ID);
}

async function main(): Promise<void> {
  const styles = terminalStyles(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  const write = (text: string) => process.stdout.write(text);
  let client: BedrockRuntimeClient;
  let guardrailRef = { id: DEMO_GUARDRAIL.id, version: "1" };
  let modelIdFor = (scene: Scene) => scene.scriptedModelId;
  let close = async () => {};
  if (wantsRealBedrock()) {
    const modelId = process.env.LODE_MODEL_ID as string;
    client = new BedrockRuntimeClient({ maxAttempts: 1 });
    guardrailRef = {
      id: process.env.LODE_GUARDRAIL_ID as string,
      version: process.env.LODE_GUARDRAIL_VERSION ?? "DRAFT",
    };
    modelIdFor = () => modelId;
    write(
      styles.dim(
        `Using Amazon Bedrock, model ${modelId}, guardrail ${guardrailRef.id}:${guardrailRef.version}\n`,
      ),
    );
  } else {
    const server = await startBedrockLocal({
      script: fileURLToPath(new URL("./demo.script.json", import.meta.url)),
      guardrails: [DEMO_GUARDRAIL],
    });
    client = new BedrockRuntimeClient({ ...server.clientConfig, maxAttempts: 1 });
    close = () => server.close();
    write(
      styles.dim(
        `Using bedrock-local at ${server.url} (set AWS credentials, LODE_MODEL_ID and LODE_GUARDRAIL_ID for real Bedrock)\n`,
      ),
    );
  }

  try {
    for (const scene of SCENES) {
      const agent = createSceneAgent({ modelId: modelIdFor(scene), client, guardrail: guardrailRef });
      write(styles.bold(`\n── ${scene.title} ──\n`));
      for (const prompt of scene.prompts) await ask(agent, prompt, scene.scriptedModelId, write, styles);
    }
  } finally {
    await close();
  }
}

async function ask(
  agent: Agent,
  prompt: string,
  sessionId: string,
  write: (text: string) => void,
  styles: Styles,
): Promise<void> {
  write(`${styles.bold("you:")} ${prompt}\n`);
  const stream = agent.stream(prompt, { sessionId });
  const render = createEventRenderer(write, styles);
  for await (const event of stream) render(event);
  const result = await stream.result;
  write(
    styles.dim(
      `   ${result.stopReason} · ${result.guardrailInterventions.length} guardrail intervention(s)\n`,
    ),
  );
}

main().catch((error: unknown) => {
  const message = LodeError.isInstance(error) ? `${error.code}: ${error.message}` : String(error);
  process.stderr.write(`\nThe demo failed: ${message}\n`);
  process.exitCode = 1;
});
