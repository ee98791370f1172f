import { afterAll, beforeAll } from "vitest";
import { type BedrockFixture, type BedrockFixtureOptions, startBedrockFixture } from "../bedrock-fixture.js";

/**
 * For a test file: bedrock-local started before its tests (replaying, or recording, `recordings`) and
 * stopped after them. Read `fixture.client` inside the tests, once it has started.
 */
export function useBedrock(options: BedrockFixtureOptions): { readonly fixture: BedrockFixture } {
  let started: BedrockFixture | undefined;
  beforeAll(async () => {
    started = await startBedrockFixture(options);
  });
  afterAll(async () => {
    await started?.close();
  });
  return {
    get fixture() {
      if (!started) throw new Error("useBedrock: the fixture starts in beforeAll; read it inside a test.");
      return started;
    },
  };
}
