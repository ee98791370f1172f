import type { AnyTool } from "@lode/core";
import { defineTool } from "@lode/tools";
import { z } from "zod";
import { abortedOrAfter } from "./scripted-agent.js";

export interface WaitingTool {
  /**
   * Takes no input; each call reports `tool-progress` ("waiting"), then waits until its signal aborts, or
   * 5 s at most so a broken test cannot hang.
   */
  tool: AnyTool;
  /** How the last call's wait ended, or undefined when the tool never ran. */
  saw(): "aborted" | "waited" | undefined;
}

/**
 * A tool that waits on its signal and records whether it saw the abort.
 * @param options.beforeWaiting runs as each call starts, before it waits.
 */
export function waitingTool({
  name = "wait",
  timeoutMs,
  beforeWaiting,
}: {
  name?: string;
  timeoutMs?: number;
  beforeWaiting?: () => void;
} = {}): WaitingTool {
  let saw: "aborted" | "waited" | undefined;
  const tool = defineTool({
    name,
    description: "Waits until cancelled.",
    input: z.object({}),
    timeoutMs,
    run: async (_input, context) => {
      beforeWaiting?.();
      context.progress("waiting");
      saw = await abortedOrAfter(context.signal, 5_000);
      return saw;
    },
  });
  return { tool, saw: () => saw };
}
