import { fileURLToPath } from "node:url";
import { installLodeMatchers, useBedrock } from "@lode/testing/vitest";
import { expect, test } from "vitest";
import { createAgent, DEFAULT_MODEL_ID, QUESTION } from "./agent.js";

installLodeMatchers();
// Replays the agent's recorded Bedrock traffic: no AWS, the same answers every time. A request that no
// longer matches a recording (a changed prompt, tool or setting) fails, naming the difference.
const bedrock = useBedrock({ recordings: fileURLToPath(new URL("../recordings/", import.meta.url)) });

test("looks up the weather, converts the temperature, then answers", async () => {
  const agent = createAgent({ modelId: DEFAULT_MODEL_ID, client: bedrock.fixture.client });
  const result = await agent.run(QUESTION);

  expect(result).toHaveToolTrajectory(
    [
      { name: "get_weather", input: { city: "Lisbon" } },
      { name: "convert_temperature", input: { celsius: 21 } },
    ],
    "strict",
  );
  expect(result).toHaveFinalText(/21 °C \(70 °F\)/);
  expect(result).toHaveTakenAtMostSteps(3);
});
