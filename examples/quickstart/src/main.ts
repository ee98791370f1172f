import { fileURLToPath } from "node:url";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { startBedrockLocal } from "@lode/bedrock-local";
import { Agent, LodeError } from "@lode/core";
import { createEventRenderer, summarizeRun, terminalStyles } from "./render-events.js";
import { demoTools } from "./tools.js";

const QUESTION = process.argv[2] ?? "What's the weather in Lisbon and Oslo, in both °C and °F?";
const SYSTEM = "You are a concise travel assistant. Use the tools for facts; never guess the weather.";

/** Real Bedrock when credentials and a model id are configured; bedrock-local otherwise. */
function wantsRealBedrock(): boolean {
  const hasCredentials = Boolean(
    process.env.AWS_ACCESS_KEY_ID || process.env.AWS_PROFILE || process.env.AWS_WEB_IDENTITY_TOKEN_FILE,
  );
  return hasCredentials && Boolean(process.env.LODE_MODEL_ID);
}

async function main(): Promise<void> {
  const styles = terminalStyles(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  const write = (text: string) => process.stdout.write(text);
  let client: BedrockRuntimeClient;
  let modelId: string;
  let close = async () => {};
  if (wantsRealBedrock()) {
    modelId = process.env.LODE_MODEL_ID as string;
    client = new BedrockRuntimeClient({ maxAttempts: 1 });
    write(styles.dim(`Using Amazon Bedrock, model ${modelId}\n`));
  } else {
    const server = await startBedrockLocal({
      script: fileURLToPath(new URL("./demo.script.json", import.meta.url)),
    });
    client = new BedrockRuntimeClient({ ...server.clientConfig, maxAttempts: 1 });
    modelId = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
    close = () => server.close();
    write(
      styles.dim(
        `Using bedrock-local at ${server.url} (set AWS credentials and LODE_MODEL_ID for real Bedrock)\n`,
      ),
    );
  }

  const agent = new Agent({ modelId, system: SYSTEM, tools: demoTools, client });
  write(`${styles.bold("you:")} ${QUESTION}\n`);
  const stream = agent.stream(QUESTION);
  const render = createEventRenderer(write, styles);
  try {
    for await (const event of stream) render(event);
    write(summarizeRun(await stream.result, styles));
  } finally {
    await close();
  }
}

main().catch((error: unknown) => {
  const message = LodeError.isInstance(error) ? `${error.code}: ${error.message}` : String(error);
  process.stderr.write(`\nThe run failed: ${message}\n`);
  process.exitCode = 1;
});
