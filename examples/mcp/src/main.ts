// The MCP example: an agent whose tools come from a real MCP server it starts itself (src/notes-server.ts,
// over stdio), answered by bedrock-local's scripted model, or by Amazon Bedrock when LODE_MODEL_ID is set.
import { fileURLToPath } from "node:url";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { startBedrockLocal } from "@lode/bedrock-local";
import { Agent, LodeError } from "@lode/core";
import { mcpTools } from "@lode/tools/mcp";

const QUESTION =
  process.argv[2] ?? "Note for my Oslo trip: book the airport train, bring gloves. Did I pack a jacket?";

async function main(): Promise<void> {
  const write = (text: string) => process.stdout.write(text);
  const modelId = process.env.LODE_MODEL_ID;
  const local = modelId
    ? undefined
    : await startBedrockLocal({ script: fileURLToPath(new URL("./demo.script.json", import.meta.url)) });
  write(
    local
      ? `Using bedrock-local at ${local.url}, a scripted model (set LODE_MODEL_ID for Amazon Bedrock)\n`
      : `Using Amazon Bedrock, model ${modelId}: LODE_MODEL_ID is set\n`,
  );
  const notes = mcpTools({
    name: "notes",
    server: {
      command: process.execPath,
      args: ["--import", "tsx", fileURLToPath(new URL("./notes-server.ts", import.meta.url))],
    },
  });
  await using agent = new Agent({
    modelId: modelId ?? "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    system: "You keep the user's travel notes with the notes tools. Be brief.",
    tools: [notes],
    ...(local ? { client: new BedrockRuntimeClient({ ...local.clientConfig, maxAttempts: 1 }) } : {}),
  });
  try {
    write(`you: ${QUESTION}\n`);
    for await (const event of agent.stream(QUESTION)) {
      if (event.type === "text-delta") write(event.text);
      else if (event.type === "tool-call") write(`\n  → ${event.toolName} ${JSON.stringify(event.input)}\n`);
      else if (event.type === "tool-result")
        write(
          `  ← ${event.toolName}: ${event.content
            .map((block) => block.text ?? "")
            .join(" ")
            .trim()}\n`,
        );
      else if (event.type === "warning") write(`  ! ${event.source}: ${event.message}\n`);
    }
    write("\n");
  } finally {
    await local?.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `The run failed: ${LodeError.isInstance(error) ? `${error.code}: ${error.message}` : String(error)}\n`,
  );
  process.exitCode = 1;
});
