import {
  type BedrockRuntimeClient,
  type CacheDetail,
  type ContentBlock,
  ConverseStreamCommand,
  type ConverseStreamOutput,
  type ConverseStreamRequest,
  type ConverseStreamTrace,
  type Message,
  type ServiceTierType,
} from "@aws-sdk/client-bedrock-runtime";
import type { UnstampedEvent } from "../contracts/agent-event.js";
import type { ModelStopReason, StepUsage } from "../contracts/run-result.js";
import { classifyAwsError } from "../errors/classify-aws-error.js";
import { LodeError } from "../errors/lode-error.js";
import { readCommandFast } from "../transport/stream-events/fast-converse-stream.js";
import { type AbortableReader, abortableReader } from "./abortable-reader.js";
import { ContentBlockAssembler, NO_EVENTS } from "./assemble-content-blocks.js";
import { guardCommand } from "./check-request-size.js";
import type { AssembledToolUse } from "./tool-input.js";

/** One model call's outcome, assembled from its stream. */
export interface ModelStepOutcome {
  message: Message;
  stopReason: ModelStopReason;
  usage: StepUsage;
  trace: ConverseStreamTrace | undefined;
  additionalModelResponseFields: unknown;
  /** The service tier that served the call, as the stream's metadata says. */
  serviceTier?: ServiceTierType;
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
  serviceTier?: ServiceTierType;
}

/**
 * One attempt at a ConverseStream call: sends the request, reads what each stream event means, and
 * assembles the outcome; any failure becomes a classified `LodeError`. A plain object, not a generator,
 * so the generator that retries attempts yields their events itself: one async layer per event.
 */
export class ModelStreamAttempt {
  private readonly assembler: ContentBlockAssembler;
  private readonly end: StreamEnd = {};
  private requestId: string | undefined;

  /** @param quiet nobody hears the attempt's stream events: it makes none (see `ContentBlockAssembler`) */
  constructor(
    step: number,
    progress: ModelStepProgress,
    private readonly quiet = false,
  ) {
    const assembler = new ContentBlockAssembler(step, quiet);
    this.assembler = assembler;
    progress.partialText = () => assembler.partialText();
  }

  /** Sends the request; resolves to the reader of its stream, which follows `signal` when there is one. */
  async open(
    client: BedrockRuntimeClient,
    request: ConverseStreamRequest,
    signal: AbortSignal | undefined,
  ): Promise<AbortableReader<ConverseStreamOutput>> {
    const command = new ConverseStreamCommand(request);
    guardCommand(command, client);
    readCommandFast(command, client);
    const response = await (signal ? client.send(command, { abortSignal: signal }) : client.send(command));
    this.requestId = response.$metadata.requestId;
    if (!response.stream)
      throw new LodeError("unknown", "ConverseStream answered without a stream.", {
        requestId: this.requestId,
      });
    return abortableReader(response.stream, signal);
  }

  /** What one stream event means, as events. */
  read(event: ConverseStreamOutput): readonly UnstampedEvent[] {
    const events = readStreamEvent(this.assembler, event, this.end);
    return this.quiet ? NO_EVENTS : events;
  }

  /** The whole outcome, once the stream has ended. */
  outcome(signal: AbortSignal): ModelStepOutcome {
    const { requestId, end, assembler } = this;
    // Over HTTP/2 an aborted request can end the SDK's stream quietly instead of throwing.
    if (signal.aborted) throw new LodeError("aborted", "The run was aborted.", { requestId });
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
      ...(end.serviceTier ? { serviceTier: end.serviceTier } : {}),
      toolUses: assembler.toolUses(),
      requestId,
    };
  }

  /** What went wrong, as a `LodeError` carrying the request id when there was one. */
  failure(error: unknown, signal: AbortSignal): LodeError {
    const { requestId } = this;
    if (signal.aborted) return new LodeError("aborted", "The run was aborted.", { cause: error, requestId });
    const classified = classifyAwsError(error);
    return classified.requestId || !requestId
      ? classified
      : new LodeError(classified.code, classified.message, {
          cause: classified.cause,
          requestId,
          retryable: classified.retryable,
        });
  }
}

/**
 * Sends one ConverseStream request and yields what each event means as it arrives; returns the whole
 * message once the stream ends. Any failure is thrown as a classified `LodeError`. (The loop calls the
 * model through `callModelWithRetry`, which reads attempts the same way.)
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
  const attempt = new ModelStreamAttempt(options.step, progress);
  try {
    const reader = await attempt.open(options.client, options.request, options.signal);
    let finished = false;
    try {
      for (let item = await reader.next(); !item.done; item = await reader.next()) {
        for (const event of attempt.read(item.value)) {
          progress.yielded = true;
          yield event;
        }
      }
      finished = true;
    } finally {
      reader.close(finished);
    }
  } catch (error) {
    throw attempt.failure(error, options.signal);
  }
  return attempt.outcome(options.signal);
}

/** Feeds one stream event to the assembler (or notes how the stream ends) and returns what it means. */
function readStreamEvent(
  assembler: ContentBlockAssembler,
  event: ConverseStreamOutput,
  end: StreamEnd,
): readonly UnstampedEvent[] {
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
    if (event.metadata.serviceTier?.type) end.serviceTier = event.metadata.serviceTier.type;
  }
  return NO_EVENTS;
}

function toStepUsage(
  usage:
    | {
        inputTokens?: number;
        outputTokens?: number;
        totalTokens?: number;
        cacheReadInputTokens?: number;
        cacheWriteInputTokens?: number;
        cacheDetails?: CacheDetail[];
      }
    | undefined,
  latencyMs: number | undefined,
): StepUsage {
  const byTtl: NonNullable<StepUsage["cacheWriteInputTokensByTtl"]> = {};
  for (const { ttl, inputTokens = 0 } of usage?.cacheDetails ?? [])
    if (ttl) byTtl[ttl] = (byTtl[ttl] ?? 0) + inputTokens;
  return {
    inputTokens: usage?.inputTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 0,
    totalTokens: usage?.totalTokens ?? 0,
    cacheReadInputTokens: usage?.cacheReadInputTokens ?? 0,
    cacheWriteInputTokens: usage?.cacheWriteInputTokens ?? 0,
    ...(usage?.cacheDetails?.length ? { cacheWriteInputTokensByTtl: byTtl } : {}),
    latencyMs: latencyMs ?? 0,
  };
}
