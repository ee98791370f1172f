// npm start: asks the agent a question (the first argument, or QUESTION) and streams its answer. Against
// bedrock-local's scripted model (model.script.json) by default; against Amazon Bedrock when LODE_MODEL_ID
// is set, with the region and credentials of the environment.
import { fileURLToPath } from "node:url";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { LodeError } from "@lode/core";
import { createAgent, DEFAULT_MODEL_ID, QUESTION } from "./agent.js";

// The AWS SDK warns on Node 20 that its releases from 2027 on need Node 22; it reads this when a client
// is made, after the imports above.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const question = process.argv[2] ?? QUESTION;
const modelId = process.env.LODE_MODEL_ID;
// bedrock-local is a dev dependency: loaded only when it is used.
const local = modelId
  ? undefined
  : await (await import("@lode/bedrock-local")).startBedrockLocal({
      script: fileURLToPath(new URL("../model.script.json", import.meta.url)),
    });
// maxAttempts: 1, because Lode retries itself.
const client = local ? new BedrockRuntimeClient({ ...local.clientConfig, maxAttempts: 1 }) : undefined;
const agent = createAgent({ modelId: modelId ?? DEFAULT_MODEL_ID, ...(client ? { client } : {}) });

process.stdout.write(
  local
    ? `(bedrock-local's scripted model; set LODE_MODEL_ID for Amazon Bedrock)\n`
    : `(Amazon Bedrock, ${modelId})\n`,
);
process.stdout.write(`> ${question}\n`);
let midLine = false; // whether streamed text left the cursor in the middle of a line
try {
  for await (const event of agent.stream(question)) {
    if (event.type === "text-delta") {
      process.stdout.write(event.text);
      midLine = !event.text.endsWith("\n");
    } else if (event.type === "tool-call") {
      process.stdout.write(`${midLine ? "\n" : ""}  → ${event.toolName} ${JSON.stringify(event.input)}\n`);
      midLine = false;
    }
  }
  if (midLine) process.stdout.write("\n");
} catch (error) {
  const message = LodeError.isInstance(error) ? `${error.code}: ${error.message}` : String(error);
  process.stderr.write(`\nThe run failed: ${message}\n`);
  process.exitCode = 1;
} finally {
  client?.destroy();
  await local?.close();
}
