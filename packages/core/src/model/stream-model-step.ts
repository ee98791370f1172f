import {
  type BedrockRuntimeClient,
  ConverseStreamCommand,
  type ConverseStreamRequest,
  type ConverseStreamTrace,
  type Message,
} from "@aws-sdk/client-bedrock-runtime";
import type { StepUsage } from "../contracts/run-result.js";
import { classifyAwsError } from "../errors/classify-aws-error.js";
import { LodeError } from "../errors/lode-error.js";
import { abortableReader } from "./abortable-reader.js";
import { type BlockEvent, ContentBlockAssembler } from "./assemble-content-blocks.js";

/** One model call's outcome, assembled from its stream. */
export interface ModelStepOutcome {
  message: Message;
  stopReason: string;
  usage: StepUsage;
  trace: ConverseStreamTrace | undefined;
  additionalModelResponseFields: unknown;
  /** Raw JSON text of each client tool use's input, by tool use id. */
  rawToolInputs: Map<string, string>;
  requestId: string | undefined;
}

/**
 * Sends one ConverseStream request and yields what each event means as it arrives; returns the whole
 * message once the stream ends. Any failure is thrown as a classified `LodeError`.
 */
export async function* streamModelStep(
  options: {
    client: BedrockRuntimeClient;
    request: ConverseStreamRequest;
    runId: string;
    step: number;
    signal: AbortSignal;
  },
  /** Set once an event has been yielded, so a retry can say the partial step is void. */
  progress: { yielded: boolean } = { yielded: false },
): AsyncGenerator<BlockEvent, ModelStepOutcome> {
  const assembler = new ContentBlockAssembler(options.runId, options.step);
  let stopReason = "";
  let usage: StepUsage | undefined;
  let trace: ConverseStreamTrace | undefined;
  let additionalModelResponseFields: unknown;
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
        const event = item.value;
        if (event.contentBlockStart) {
          const { contentBlockIndex = 0, start } = event.contentBlockStart;
          for (const blockEvent of assembler.start(contentBlockIndex, start)) {
            progress.yielded = true;
            yield blockEvent;
          }
        } else if (event.contentBlockDelta) {
          const { contentBlockIndex = 0, delta } = event.contentBlockDelta;
          for (const blockEvent of assembler.delta(contentBlockIndex, delta)) {
            progress.yielded = true;
            yield blockEvent;
          }
        } else if (event.messageStop) {
          stopReason = event.messageStop.stopReason ?? "";
          additionalModelResponseFields = event.messageStop.additionalModelResponseFields;
        } else if (event.metadata) {
          usage = toStepUsage(event.metadata.usage, event.metadata.metrics?.latencyMs);
          trace = event.metadata.trace;
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
  if (!stopReason) {
    throw new LodeError("network", "The stream ended before its messageStop event.", {
      requestId,
      retryable: true,
    });
  }
  return {
    message: { role: "assistant", content: assembler.content() },
    stopReason,
    usage: usage ?? toStepUsage(undefined, undefined),
    trace,
    additionalModelResponseFields,
    rawToolInputs: assembler.rawToolInputs(),
    requestId,
  };
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
