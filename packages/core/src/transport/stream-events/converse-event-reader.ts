import { Readable } from "node:stream";
import { ConverseStream$, type ConverseStreamOutput } from "@aws-sdk/client-bedrock-runtime";
import { EventStreamCodec } from "@smithy/core/event-streams";
import { NormalizedSchema, operation } from "@smithy/core/schema";
import { compileEventPlan, NOT_PLAIN, readShape, type StructPlan } from "./shape-plan.js";

/** One decoded event-stream message, as the SDK's marshaller hands it to a deserializer. */
export interface StreamMessage {
  headers: Record<string, { type: string; value: unknown }>;
  body: Uint8Array;
}

/** The parts of a BedrockRuntimeClient's resolved config the reader uses (all set by the SDK itself). */
export interface StreamSerdeConfig {
  protocol: {
    getShapeId?(): string;
    deserializeResponse(operationSchema: unknown, context: unknown, response: unknown): Promise<unknown>;
  };
  eventStreamMarshaller: {
    deserialize<T>(
      body: unknown,
      read: (event: Record<string, StreamMessage>) => Promise<T> | T,
    ): AsyncIterable<T>;
  };
  utf8Encoder: (input: Uint8Array) => string;
  utf8Decoder: (input: string) => Uint8Array;
}

/** The HTTP answer the handler gave (the SDK's `HttpResponse`). */
export interface StreamResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: unknown;
}

type ConverseOperation = typeof ConverseStream$;
/** ConverseStream's operation as the SDK's own deserializer middleware hands it to the protocol. */
const OPERATION = (([, namespace, name, traits, input, output]: ConverseOperation) =>
  operation(namespace, name, traits, input, output))(ConverseStream$);

/** Each event type of ConverseStream's output union: its plan, or `null` when the SDK alone reads it (errors). */
const EVENT_PLANS: ReadonlyMap<string, StructPlan | null> = (() => {
  const output = NormalizedSchema.of(ConverseStream$[5]);
  const union = output.getMemberSchema(output.getEventStreamMember());
  const plans = new Map<string, StructPlan | null>();
  for (const [type, member] of union.structIterator()) {
    const raw = member.getSchema();
    const isError = Array.isArray(raw) && raw[0] === -3;
    plans.set(type, isError ? null : (compileEventPlan(raw) ?? null));
  }
  return plans;
})();

/** A marker the SDK's unmarshaller reads as "skip this message", as it does for an event type it does not know. */
interface SkippedEvent {
  $unknown: Record<string, StreamMessage>;
}

/**
 * Reads one ConverseStream answer's events for the SDK's marshaller: each event's JSON parsed once and
 * walked by its compiled plan, which gives the very object the SDK would, without the SDK's per-event
 * schema walk (about a fifth of a plain client's CPU per model call; see bench/profile). Whatever the plan
 * cannot give exactly (exceptions, blobs, documents, unknown union members, a number the SDK would revive)
 * is handed, message by message, to the SDK's own protocol, so the SDK decides it as it would have.
 */
export class ConverseEventReader {
  /** The marshaller's per-message callback: bound once per answer, not a closure per message. */
  readonly read: (
    event: Record<string, StreamMessage>,
  ) => ConverseStreamOutput | SkippedEvent | Promise<ConverseStreamOutput>;

  constructor(
    private readonly config: StreamSerdeConfig,
    private readonly context: object,
    private readonly response: StreamResponse,
  ) {
    this.read = this.readEvent.bind(this);
  }

  private readEvent(
    event: Record<string, StreamMessage>,
  ): ConverseStreamOutput | SkippedEvent | Promise<ConverseStreamOutput> {
    for (const type in event) {
      const message = event[type] as StreamMessage;
      const plan = EVENT_PLANS.get(type);
      if (plan === undefined && message.headers[":message-type"]?.value === "event")
        return { $unknown: event };
      if (plan && message.headers[":message-type"]?.value === "event") {
        const value = readBody(plan, message.body);
        if (value !== NOT_PLAIN) return { [type]: value } as unknown as ConverseStreamOutput;
      }
      return this.viaSdk(message);
    }
    return { $unknown: event };
  }

  /** One message as the SDK reads it: its own protocol over an answer holding just that message. */
  private async viaSdk(message: StreamMessage): Promise<ConverseStreamOutput> {
    const { config, context, response } = this;
    const codec = new EventStreamCodec(config.utf8Encoder, config.utf8Decoder);
    const single = { ...response, body: Readable.from([codec.encode(message as never)]) };
    const output = (await config.protocol.deserializeResponse(
      OPERATION,
      { ...config, ...context },
      single,
    )) as {
      stream?: AsyncIterable<ConverseStreamOutput>;
    };
    for await (const event of output.stream ?? []) return event;
    // The SDK skipped it too (it cannot happen for a type the reader knows): the marshaller skips it.
    return { $unknown: { message } } as unknown as ConverseStreamOutput;
  }
}

/** An event's JSON body read by its plan; an empty body is an empty event, as for the SDK. */
function readBody(plan: StructPlan, body: Uint8Array): unknown {
  if (body.byteLength === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8"));
  } catch {
    return NOT_PLAIN;
  }
  return readShape(plan, parsed);
}
