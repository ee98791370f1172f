export {
  type BedrockFixture,
  type BedrockFixtureOptions,
  type BedrockMode,
  bedrockModeFromEnv,
  startBedrockFixture,
} from "./bedrock-fixture.js";
export { manyMessages, sampleTurn } from "./sample-messages.js";
export { ScriptBuilder, script, TurnBuilder } from "./script-builder.js";
export { assertTrajectory } from "./trajectory/assert-trajectory.js";
export {
  checkTrajectory,
  type ExpectedCall,
  type TrajectoryMode,
  type TrajectoryVerdict,
} from "./trajectory/check-trajectory.js";
export { partialMatch } from "./trajectory/partial-match.js";
export { type TrajectoryCall, toolCallsOf } from "./trajectory/tool-calls-of.js";
