import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { a2aAgent } from "@lode/a2a";
import { type BedrockLocal, type Script, startBedrockLocal } from "@lode/bedrock-local";
import { InMemoryConversationStore } from "@lode/core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDesk } from "./desk-agents.js";

const SERVE_TECH = fileURLToPath(new URL("./serve-tech.ts", import.meta.url));

/** Triage hands the question to tech; tech is another process, reached over A2A. */
const TRIAGE_SCRIPT: Script = {
  models: {
    "local-triage": {
      turns: [
        {
          content: [
            {
              toolUse: {
                id: "tooluse_to_tech",
                name: "transfer_to_tech",
                input: { reason: "sync error E42" },
              },
            },
          ],
        },
      ],
    },
  },
};

let techProcess: ChildProcess;
let techUrl: string;
let bedrock: BedrockLocal;
beforeAll(async () => {
  techProcess = spawn(process.execPath, ["--import", "tsx", SERVE_TECH], {
    env: { ...process.env, LODE_MODEL_ID: "", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let printed = "";
  for await (const chunk of techProcess.stdout ?? []) {
    printed += String(chunk);
    const found = /at (http\S+)/.exec(printed);
    if (found?.[1]) {
      techUrl = found[1];
      break;
    }
  }
  bedrock = await startBedrockLocal({ script: TRIAGE_SCRIPT });
}, 60_000);
afterAll(async () => {
  techProcess?.kill("SIGTERM");
  if (techProcess && techProcess.exitCode === null) await once(techProcess, "exit");
  await bedrock?.close();
});

describe("the tech agent served over A2A by another process", () => {
  test("is triage's handoff target: the answer comes from the remote tech, after its own docs sub-agent", async () => {
    const client = new BedrockRuntimeClient({ ...bedrock.clientConfig, maxAttempts: 1 });
    const store = new InMemoryConversationStore();
    const remoteTech = a2aAgent(techUrl, { name: "tech" }).asAgent({ store });
    const desk = createDesk({
      models: { triage: "local-triage", billing: "unused", tech: "unused", docs: "unused" },
      store,
      client,
      remoteTech,
    });
    const handoffs: string[] = [];
    const stream = desk.triage.stream("The app shows error E42 when I sync.", { sessionId: "remote-desk" });
    for await (const event of stream)
      if (event.type === "handoff") handoffs.push(`${event.from}->${event.to}`);
    const result = await stream.result;
    client.destroy();

    expect(handoffs).toEqual(["triage->tech"]);
    // The remote's whole turn is the step's text: what it said before asking its docs agent, then its answer.
    expect(result.text).toBe(
      "Let me check the docs.E42 means your sync token expired: sign out and in again (from the tech desk, over A2A).",
    );
    expect(result.steps.map((step) => step.agentPath)).toEqual([["triage"], ["tech"]]);
  });
});
