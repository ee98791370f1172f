import { fileURLToPath } from "node:url";
import { installLodeMatchers, useBedrock } from "@lode/testing/vitest";
import { describe, expect, test } from "vitest";
import { createDemoAgent, DEMO_QUESTION } from "./demo-agent.js";

installLodeMatchers();
// The demo's traffic, recorded once (src/record-demo.ts) and replayed strictly: no AWS needed.
const bedrock = useBedrock({
  recordings: fileURLToPath(new URL("../recordings/", import.meta.url)),
});

describe("the demo agent, on its recorded traffic", () => {
  test("looks up both cities at once, converts both temperatures, then answers", async () => {
    const result = await createDemoAgent({ client: bedrock.fixture.client }).run(DEMO_QUESTION);

    expect(result).toHaveToolTrajectory(
      [
        { name: "get_weather", input: { city: "Lisbon" } },
        { name: "get_weather", input: { city: "Oslo" } },
        { name: "convert_temperature", input: { celsius: 21 } },
        { name: "convert_temperature", input: { celsius: 4 } },
      ],
      "unordered",
    );
    // The two lookups come first: the model asks for both in one step.
    expect(result.steps[0]?.toolCalls.map((call) => call.toolName)).toEqual(["get_weather", "get_weather"]);
    expect(result).not.toHaveCalledTool("local_time");
    expect(result).toHaveFinalText(
      /Lisbon is sunny at 21 °C \(70 °F\), while Oslo has light snow at 4 °C \(39 °F\)/,
    );
    expect(result).toHaveTakenAtMostSteps(3);
  });

  test("fails loudly, naming the difference, when the question no longer matches the recording", async () => {
    const error = await createDemoAgent({ client: bedrock.fixture.client })
      .run("What's the weather in Paris?")
      .then(
        () => undefined,
        (caught: Error) => caught,
      );

    expect(error?.message).toContain("no recording matches this ConverseStream request");
    expect(error?.message).toContain(`received: "What's the weather in Paris?"`);
  });
});
