import type { ToolContext } from "../contracts/tool.js";
import type { ToolCall, ToolCallAnswer, ToolCallOutcome } from "../contracts/tool-call.js";
import { describeError } from "../errors/describe-error.js";
import { whenAborted } from "../model/when-aborted.js";
import { typeName } from "./check-tool.js";
import { sendableAnswer } from "./sendable-answer.js";
import { errorOutcome } from "./tool-outcome.js";

/**
 * The last step of the pipeline: runs the tool within its timeout (its own `timeoutMs`, else
 * `defaultTimeoutMs`) and the run's signal. A tool that ignores its signal cannot hold the run: the
 * timeout and the abort answer for it. An empty result becomes "(no output)" (Bedrock rejects empty content).
 */
export function runTool(defaultTimeoutMs: number): (call: ToolCall) => Promise<ToolCallOutcome> {
  return (call) => {
    const { tool } = call;
    if (!tool) return Promise.resolve(errorOutcome(`Unknown tool "${call.toolName}".`));
    if (call.signal.aborted)
      return Promise.resolve(errorOutcome(`Tool "${call.toolName}" was not run: the run was aborted.`));
    // One promise per call, settled by whichever comes first (the tool, its timeout, the run's abort), rather
    // than a race of several: this runs for every tool call.
    return new Promise<ToolCallOutcome>((resolve) => {
      const timeoutMs = tool.timeoutMs ?? defaultTimeoutMs;
      // The tool's own signal is made only if the tool reads it: most tools never do, and making one costs.
      let controller: AbortController | undefined;
      let haltReason: unknown;
      let settled = false;
      const settle = (outcome: ToolCallOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        stopWatching();
        resolve(outcome);
      };
      const stop = (reason: unknown, message: string) => {
        haltReason = reason;
        controller?.abort(reason);
        settle(errorOutcome(message));
      };
      const stopWatching = whenAborted(call.signal, () =>
        stop(call.signal.reason, `Tool "${call.toolName}" was cancelled: the run was aborted.`),
      );
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
        agentPath: call.agentPath,
        emit: (event) => call.emit(event),
        decisions: call.decisions,
        history: () => [...call.history()],
      };
      const failed = (error: unknown) =>
        settle(errorOutcome(`Tool "${call.toolName}" failed: ${describeError(error)}`));
      // A tool's synchronous throw is answered like a rejection; a synchronous result like a resolved one.
      let returned: unknown;
      try {
        returned = tool.run(call.input, context);
      } catch (error) {
        failed(error);
        return;
      }
      // Reading what it returned runs the tool's own getters and `toJSON`s: a throw there fails the call too.
      const answered = (content: unknown) => {
        try {
          settle(resultOf(call.toolName, content));
        } catch (error) {
          failed(error);
        }
      };
      if (isThenable(returned)) returned.then(answered, failed);
      else answered(returned);
    });
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === "function";
}

/** The kinds of block a tool result may hold, as Bedrock's `ToolResultContentBlock` lists them. */
const RESULT_BLOCK_KINDS = ["text", "json", "image", "document", "video", "searchResult"];

/**
 * What a tool returned, as a result Bedrock takes: blocks of a known kind (a text block's text a string),
 * json blocks made plain JSON (see `sendableAnswer`). A raw tool that returns anything else is answered
 * with an error result here, instead of a request Bedrock would refuse. An empty result becomes "(no output)".
 */
function resultOf(toolName: string, returned: unknown): ToolCallOutcome {
  const answer = returned as ToolCallAnswer | null;
  const explicit = typeof answer === "object" && answer !== null && !Array.isArray(answer);
  // A tool driving a sub-agent whose calls wait for a person: the run pauses with them.
  if (explicit && (returned as { status?: unknown }).status === "pending") {
    const inner = (returned as { inner?: unknown }).inner;
    if (Array.isArray(inner) && inner.length > 0) return { status: "pending", input: undefined, inner };
  }
  const status = explicit && answer.status === "error" ? "error" : "success";
  const content: unknown =
    explicit && (answer.status === "success" || answer.status === "error") ? answer.content : returned;
  if (!Array.isArray(content))
    return errorOutcome(`Tool "${toolName}" returned ${typeName(returned)} instead of result blocks.`);
  const bad = content.findIndex((block) => !isResultBlock(block));
  if (bad >= 0)
    return errorOutcome(
      `Tool "${toolName}" returned an invalid result block at ${bad}: ${describeError(content[bad])}.`,
    );
  return sendableAnswer(toolName, {
    status,
    content: content.length > 0 ? content : [{ text: "(no output)" }],
  });
}

function isResultBlock(block: unknown): boolean {
  if (typeof block !== "object" || block === null) return false;
  const keys = Object.keys(block).filter((key) => (block as Record<string, unknown>)[key] !== undefined);
  if (keys.length !== 1 || !RESULT_BLOCK_KINDS.includes(keys[0] as string)) return false;
  const { text, json } = block as { text?: unknown; json?: unknown };
  if (keys[0] === "text") return typeof text === "string";
  if (keys[0] === "json") return typeof json === "object" && json !== null;
  return true;
}
