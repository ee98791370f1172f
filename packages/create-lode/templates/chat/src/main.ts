// npm start: serves the chat page (PORT, default 3000) until stopped. Against bedrock-local's scripted
// model (model.script.json) by default; against Amazon Bedrock when LODE_MODEL_ID is set, with the region
// and credentials of the environment.
import { fileURLToPath } from "node:url";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { createAgent, DEFAULT_MODEL_ID } from "./agent.js";
import { startChatServer } from "./server.js";

// The AWS SDK warns on Node 20 that its releases from 2027 on need Node 22; it reads this when a client
// is made, after the imports above.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

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
const server = await startChatServer({ agent, port: Number(process.env.PORT ?? 3000) });

process.stdout.write(`Chat at ${server.url}\n`);
process.stdout.write(
  local
    ? "(bedrock-local's scripted model: it answers the weather in Lisbon; set LODE_MODEL_ID for Amazon Bedrock)\n"
    : `(Amazon Bedrock, ${modelId})\n`,
);

const stop = async () => {
  await server.close();
  client?.destroy();
  await local?.close();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
