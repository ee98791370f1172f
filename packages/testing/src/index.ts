export {
  type BedrockFixture,
  type BedrockFixtureOptions,
  type BedrockMode,
  bedrockModeFromEnv,
  startBedrockFixture,
} from "./bedrock-fixture.js";
export { manyMessages, sampleTurn } from "./sample-messages.js";
export { ScriptBuilder, script, TurnBuilder } from "./script-builder.js";
export type { AgentSelector } from "./trajectory/agent-path-match.js";
export { assertHandedOff, assertHandoffs } from "./trajectory/assert-handoffs.js";
export { assertTrajectory } from "./trajectory/assert-trajectory.js";
export { checkHandedOff, checkHandoffs, type ExpectedHandoff } from "./trajectory/check-handoffs.js";
export {
  checkTrajectory,
  type ExpectedCall,
  type TrajectoryMode,
  type TrajectoryVerdict,
} from "./trajectory/check-trajectory.js";
export { type HandoffRecord, handoffsOf } from "./trajectory/handoffs-of.js";
export { partialMatch } from "./trajectory/partial-match.js";
export { type TrajectoryCall, toolCallsOf } from "./trajectory/tool-calls-of.js";
export { usageOfAgent } from "./trajectory/usage-of-agent.js";
