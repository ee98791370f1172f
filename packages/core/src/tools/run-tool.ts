import type { ToolContext } from "../contracts/tool.js";
import type { ToolCall, ToolCallAnswer, ToolCallOutcome } from "../contracts/tool-call.js";
import { describeError } from "../errors/describe-error.js";
import { settleable } from "../model/settleable.js";
import { forgetAbort, whenAborted } from "../model/when-aborted.js";
import { typeName } from "./check-tool.js";
import { sendableAnswer } from "./sendable-answer.js";
import { errorOutcome } from "./tool-outcome.js";

/**
 * The last step of the pipeline: runs the tool within its timeout (its own `timeoutMs`, else
 * `defaultTimeoutMs`) and the run's signal. A tool that ignores its signal cannot hold the run: the
 * timeout and the abort answer for it. An empty result becomes "(no output)" (Bedrock rejects empty content).
 * It never rejects: whatever goes wrong is the call's error result.
 */
export function runTool(defaultTimeoutMs: number): (call: ToolCall) => Promise<ToolCallOutcome> {
  return startToolRun.bind(undefined, defaultTimeoutMs);
}

function startToolRun(defaultTimeoutMs: number, call: ToolCall): Promise<ToolCallOutcome> {
  const { tool } = call;
  if (!tool) return Promise.resolve(errorOutcome(`Unknown tool "${call.toolName}".`));
  if (call.signal.aborted)
    return Promise.resolve(errorOutcome(`Tool "${call.toolName}" was not run: the run was aborted.`));
  // One promise per call, settled by whichever comes first (the tool, its timeout, the run's abort), rather
  // than a race of several: this runs for every tool call.
  const answer = settleable<ToolCallOutcome>();
  const run = new ToolRun(call, tool.timeoutMs ?? defaultTimeoutMs, answer.resolve);
  try {
    run.start(tool);
  } catch (error) {
    run.failed(error);
  }
  return answer.promise;
}

/**
 * One call of a tool, until it is answered. Its callbacks are methods, bound where they are handed out, not
 * closures made per call (why: the root README, "Speed").
 */
class ToolRun {
  // The tool's own signal is made only if the tool reads it: most tools never do, and making one costs.
  private controller: AbortController | undefined;
  private haltReason: unknown;
  private settled = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onAbort = this.aborted.bind(this);

  constructor(
    private readonly call: ToolCall,
    private readonly timeoutMs: number,
    private readonly resolve: (outcome: ToolCallOutcome) => void,
  ) {}

  start(tool: NonNullable<ToolCall["tool"]>): void {
    const { call } = this;
    whenAborted(call.signal, this.onAbort);
    this.timer = setTimeout(this.timedOut.bind(this), this.timeoutMs);
    // A tool's synchronous throw is answered like a rejection; a synchronous result like a resolved one.
    const returned = tool.run(call.input, this.context());
    if (isThenable(returned)) returned.then(this.answered.bind(this), this.failed.bind(this));
    else this.answered(returned);
  }

  /** Reading what the tool returned runs its own getters and `toJSON`s: a throw there fails the call too. */
  answered(content: unknown): void {
    try {
      this.settle(resultOf(this.call.toolName, content));
    } catch (error) {
      this.failed(error);
    }
  }

  failed(error: unknown): void {
    this.settle(errorOutcome(`Tool "${this.call.toolName}" failed: ${describeError(error)}`));
  }

  private aborted(): void {
    const { toolName, signal } = this.call;
    this.stop(signal.reason, `Tool "${toolName}" was cancelled: the run was aborted.`);
  }

  private timedOut(): void {
    this.stop(new Error("timeout"), `Tool "${this.call.toolName}" timed out after ${this.timeoutMs} ms.`);
  }

  private stop(reason: unknown, message: string): void {
    this.haltReason = reason;
    this.controller?.abort(reason);
    this.settle(errorOutcome(message));
  }

  private settle(outcome: ToolCallOutcome): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    forgetAbort(this.call.signal, this.onAbort);
    this.resolve(outcome);
  }

  /** The tool's own signal, made when the tool first reads it. */
  signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.haltReason !== undefined) this.controller.abort(this.haltReason);
    }
    return this.controller.signal;
  }

  /** What the tool is given: its members are its own and stand alone, so a tool may spread or destructure it. */
  private context(): ToolContext {
    const { call } = this;
    const run = this;
    return {
      get signal() {
        return run.signal();
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
  }
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
