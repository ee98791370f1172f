import { fileURLToPath } from "node:url";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { startBedrockLocal } from "@lode/bedrock-local";
import { LodeError } from "@lode/core";
import { createDemoAgent, DEMO_MODEL_ID, DEMO_QUESTION } from "./demo-agent.js";
import { createEventRenderer, summarizeRun, terminalStyles } from "./render-events.js";

const QUESTION = process.argv[2] ?? DEMO_QUESTION;

/** Failures that mean Amazon Bedrock is not set up on this machine, rather than a failed run. */
const SETUP_FAILURES = new Set(["missing-credentials", "missing-region", "endpoint-unreachable"]);

async function main(): Promise<void> {
  const styles = terminalStyles(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  const write = (text: string) => process.stdout.write(text);
  let client: BedrockRuntimeClient | undefined;
  let modelId: string;
  let close = async () => {};
  // LODE_MODEL_ID alone picks Amazon Bedrock: without credentials the run then fails and says what to
  // set, instead of quietly running the scripted demo.
  if (process.env.LODE_MODEL_ID) {
    modelId = process.env.LODE_MODEL_ID;
    write(
      styles.dim(
        `Using Amazon Bedrock, model ${modelId}: LODE_MODEL_ID is set (region and credentials come from the AWS SDK's usual settings)\n`,
      ),
    );
  } else {
    const server = await startBedrockLocal({
      script: fileURLToPath(new URL("./demo.script.json", import.meta.url)),
    });
    client = new BedrockRuntimeClient({ ...server.clientConfig, maxAttempts: 1 });
    modelId = DEMO_MODEL_ID;
    close = () => server.close();
    write(
      styles.dim(
        `Using bedrock-local at ${server.url}, a scripted model: LODE_MODEL_ID is not set (set it, with AWS credentials and AWS_REGION, for Amazon Bedrock)\n`,
      ),
    );
  }

  const agent = createDemoAgent({ modelId, ...(client ? { client } : {}) });
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
  if (LodeError.isInstance(error) && SETUP_FAILURES.has(error.code)) {
    process.stderr.write(
      "LODE_MODEL_ID is set, so the demo calls Amazon Bedrock; unset it for the scripted demo.\n",
    );
  }
  process.exitCode = 1;
});
