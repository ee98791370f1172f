import {
  type BedrockRuntimeClient,
  type ContentBlock,
  ConverseStreamCommand,
  type ConverseStreamOutput,
  type ConverseStreamRequest,
  type ConverseStreamTrace,
  type Message,
} from "@aws-sdk/client-bedrock-runtime";
import type { UnstampedEvent } from "../contracts/agent-event.js";
import type { ModelStopReason, StepUsage } from "../contracts/run-result.js";
import { classifyAwsError } from "../errors/classify-aws-error.js";
import { LodeError } from "../errors/lode-error.js";
import { abortableReader } from "./abortable-reader.js";
import { ContentBlockAssembler } from "./assemble-content-blocks.js";
import type { AssembledToolUse } from "./tool-input.js";

/** One model call's outcome, assembled from its stream. */
export interface ModelStepOutcome {
  message: Message;
  stopReason: ModelStopReason;
  usage: StepUsage;
  trace: ConverseStreamTrace | undefined;
  additionalModelResponseFields: unknown;
  /** The client tool uses whose blocks ended, their input parsed once. */
  toolUses: AssembledToolUse[];
  requestId: string | undefined;
}

/** What one attempt of a model call has shown so far, for a retry or an interruption to act on. */
export interface ModelStepProgress {
  /** Set once an event has been yielded, so a retry can say the partial step is void. */
  yielded: boolean;
  /** The text the stream has shown so far (what an interrupted answer keeps). */
  partialText(): ContentBlock[];
}

/** A progress record for one attempt, before its stream starts. */
export function newModelStepProgress(): ModelStepProgress {
  return { yielded: false, partialText: () => [] };
}

/** What the stream said besides content blocks. */
interface StreamEnd {
  stopReason?: ModelStopReason;
  usage?: StepUsage;
  trace?: ConverseStreamTrace;
  additionalModelResponseFields?: unknown;
}

/**
 * Sends one ConverseStream request and yields what each event means as it arrives; returns the whole
 * message once the stream ends. Any failure is thrown as a classified `LodeError`.
 */
export async function* streamModelStep(
  options: {
    client: BedrockRuntimeClient;
    request: ConverseStreamRequest;
    step: number;
    signal: AbortSignal;
  },
  progress: ModelStepProgress = newModelStepProgress(),
): AsyncGenerator<UnstampedEvent, ModelStepOutcome> {
  const assembler = new ContentBlockAssembler(options.step);
  progress.partialText = () => assembler.partialText();
  const end: StreamEnd = {};
  let requestId: string | undefined;
  try {
    const response = await options.client.send(new ConverseStreamCommand(options.request), {
      abortSignal: options.signal,
    });
    requestId = response.$metadata.requestId;
    if (!response.stream)
      throw new LodeError("unknown", "ConverseStream answered without a stream.", { requestId });
    const reader = abortableReader(response.stream, options.signal);
    let finished = false;
    try {
      while (true) {
        const item = await reader.next();
        if (item.done) {
          finished = true;
          break;
        }
        for (const event of readStreamEvent(assembler, item.value, end)) {
          progress.yielded = true;
          yield event;
        }
      }
    } finally {
      reader.close(finished);
    }
  } catch (error) {
    if (options.signal.aborted)
      throw new LodeError("aborted", "The run was aborted.", { cause: error, requestId });
    const classified = classifyAwsError(error);
    throw classified.requestId || !requestId
      ? classified
      : new LodeError(classified.code, classified.message, {
          cause: classified.cause,
          requestId,
          retryable: classified.retryable,
        });
  }
  // Over HTTP/2 an aborted request can end the SDK's stream quietly instead of throwing.
  if (options.signal.aborted) throw new LodeError("aborted", "The run was aborted.", { requestId });
  if (!end.stopReason) {
    throw new LodeError("network", "The stream ended before its messageStop event.", {
      requestId,
      retryable: true,
    });
  }
  return {
    message: { role: "assistant", content: assembler.content() },
    stopReason: end.stopReason,
    usage: end.usage ?? toStepUsage(undefined, undefined),
    trace: end.trace,
    additionalModelResponseFields: end.additionalModelResponseFields,
    toolUses: assembler.toolUses(),
    requestId,
  };
}

/** Feeds one stream event to the assembler (or notes how the stream ends) and returns what it means. */
function readStreamEvent(
  assembler: ContentBlockAssembler,
  event: ConverseStreamOutput,
  end: StreamEnd,
): UnstampedEvent[] {
  if (event.contentBlockStart)
    return assembler.start(event.contentBlockStart.contentBlockIndex ?? 0, event.contentBlockStart.start);
  if (event.contentBlockDelta)
    return assembler.delta(event.contentBlockDelta.contentBlockIndex ?? 0, event.contentBlockDelta.delta);
  if (event.contentBlockStop) return assembler.stop(event.contentBlockStop.contentBlockIndex ?? 0);
  if (event.messageStop) {
    end.stopReason = event.messageStop.stopReason;
    end.additionalModelResponseFields = event.messageStop.additionalModelResponseFields;
    return assembler.finish();
  }
  if (event.metadata) {
    end.usage = toStepUsage(event.metadata.usage, event.metadata.metrics?.latencyMs);
    end.trace = event.metadata.trace;
  }
  return [];
}

function toStepUsage(
  usage:
    | {
        inputTokens?: number;
        outputTokens?: number;
        totalTokens?: number;
        cacheReadInputTokens?: number;
        cacheWriteInputTokens?: number;
      }
    | undefined,
  latencyMs: number | undefined,
): StepUsage {
  return {
    inputTokens: usage?.inputTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 0,
    totalTokens: usage?.totalTokens ?? 0,
    cacheReadInputTokens: usage?.cacheReadInputTokens ?? 0,
    cacheWriteInputTokens: usage?.cacheWriteInputTokens ?? 0,
    latencyMs: latencyMs ?? 0,
  };
}
