import type { ConverseStreamRequest } from "@aws-sdk/client-bedrock-runtime";
import { expect, test } from "vitest";
import { cachePoints } from "./step-request.js";

test("cache points are found in the system prompt, the messages and the tools, with their time to live", () => {
  const request: ConverseStreamRequest = {
    modelId: "m",
    system: [{ text: "Be brief." }, { cachePoint: { type: "default", ttl: "1h" } }],
    messages: [
      { role: "user", content: [{ text: "hi" }] },
      { role: "assistant", content: [{ text: "hello" }, { cachePoint: { type: "default" } }] },
    ],
    toolConfig: {
      tools: [{ toolSpec: { name: "t", inputSchema: { json: {} } } }, { cachePoint: { type: "default" } }],
    },
  };
  expect(cachePoints(request)).toEqual([
    { where: "system[1]", ttl: "1h" },
    { where: "messages[1].content[1]", ttl: undefined },
    { where: "toolConfig.tools[1]", ttl: undefined },
  ]);
});
