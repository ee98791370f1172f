import type { ToolContext } from "../contracts/tool.js";
import type { ToolCall, ToolCallOutcome } from "../contracts/tool-call.js";
import { describeError } from "../errors/describe-error.js";
import { errorOutcome } from "./tool-outcome.js";

/**
 * The last step of the pipeline: runs the tool within its timeout (its own `timeoutMs`, else
 * `defaultTimeoutMs`) and the run's signal. A tool that ignores its signal cannot hold the run: the
 * timeout and the abort answer for it. An empty result becomes "(no output)" (Bedrock rejects empty content).
 */
export function runTool(defaultTimeoutMs: number): (call: ToolCall) => Promise<ToolCallOutcome> {
  return async (call) => {
    const { tool } = call;
    if (!tool) return errorOutcome(`Unknown tool "${call.toolName}".`);
    if (call.signal.aborted) return errorOutcome(`Tool "${call.toolName}" was not run: the run was aborted.`);
    const timeoutMs = tool.timeoutMs ?? defaultTimeoutMs;
    // The tool's own signal is made only if the tool reads it: most tools never do, and making one costs.
    let controller: AbortController | undefined;
    let haltReason: unknown;
    let halt: (outcome: ToolCallOutcome) => void = () => {};
    const halted = new Promise<ToolCallOutcome>((resolve) => {
      halt = resolve;
    });
    const stop = (reason: unknown, message: string) => {
      haltReason = reason;
      controller?.abort(reason);
      halt(errorOutcome(message));
    };
    const onRunAbort = () =>
      stop(call.signal.reason, `Tool "${call.toolName}" was cancelled: the run was aborted.`);
    call.signal.addEventListener("abort", onRunAbort, { once: true });
    const timer = setTimeout(
      () => stop(new Error("timeout"), `Tool "${call.toolName}" timed out after ${timeoutMs} ms.`),
      timeoutMs,
    );
    const context: ToolContext = {
      get signal() {
        if (!controller) {
          controller = new AbortController();
          if (haltReason !== undefined) controller.abort(haltReason);
        }
        return controller.signal;
      },
      toolUseId: call.toolUseId,
      runId: call.runId,
      step: call.step,
      sessionId: call.sessionId,
      progress: (data) => call.progress(data),
    };
    try {
      // `Promise.resolve().then` turns a tool's synchronous throw into a rejection like any other.
      const ran = Promise.resolve()
        .then(() => tool.run(call.input, context))
        .then(
          (content): ToolCallOutcome => ({
            status: "success",
            content: Array.isArray(content) && content.length > 0 ? content : [{ text: "(no output)" }],
          }),
          (error: unknown) => errorOutcome(`Tool "${call.toolName}" failed: ${describeError(error)}`),
        );
      return await Promise.race([ran, halted]);
    } finally {
      clearTimeout(timer);
      call.signal.removeEventListener("abort", onRunAbort);
    }
  };
}
