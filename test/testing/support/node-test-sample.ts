// A test written for node:test, not vitest, on @lode/testing: run by node-test-usage.test.ts as
// `node --import tsx --test` to show the kit works without vitest, and by test/installed/node-test.test.ts
// as a `.mjs` file against the installed tarballs, so it stays plain JavaScript (no type annotations).
import { test } from "node:test";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { startBedrockLocal } from "@lode/bedrock-local";
import { Agent } from "@lode/core";
import { assertTrajectory, script } from "@lode/testing";
import { defineTool } from "@lode/tools";
import { z } from "zod";

test("an agent's trajectory, asserted under node:test", async () => {
  const server = await startBedrockLocal({
    script: script()
      .turn((t) => t.toolUse("get_weather", { city: "Oslo" }))
      .text("Snow.")
      .build(),
  });
  const client = new BedrockRuntimeClient({ ...server.clientConfig, maxAttempts: 1 });
  const weather = defineTool({
    name: "get_weather",
    description: "The weather in a city.",
    input: z.object({ city: z.string() }),
    run: ({ city }) => ({ city, sky: "snow" }),
  });
  try {
    const result = await new Agent({ modelId: "m", client, tools: [weather] }).run("Weather in Oslo?");
    assertTrajectory(result, [{ name: "get_weather", input: { city: "Oslo" } }]);
    if (process.env.LODE_SAMPLE_FAIL) assertTrajectory(result, [{ name: "book_trip" }]);
  } finally {
    client.destroy();
    await server.close();
  }
});
