import type { ToolContext } from "@lode/core";

/** The context tools run with in these tests: tool use `tooluse_1` in step 1 of run `run_1`, never aborted. */
export const toolContext: ToolContext = {
  signal: new AbortController().signal,
  toolUseId: "tooluse_1",
  runId: "run_1",
  step: 1,
  sessionId: undefined,
  progress: () => {},
  agentPath: ["agent"],
  emit: () => {},
  decisions: [],
  history: () => [],
};
