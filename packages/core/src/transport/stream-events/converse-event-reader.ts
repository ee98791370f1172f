import { Readable } from "node:stream";
import { ConverseStream$, type ConverseStreamOutput } from "@aws-sdk/client-bedrock-runtime";
import { EventStreamCodec } from "@smithy/core/event-streams";
import { NormalizedSchema, operation } from "@smithy/core/schema";
import { EventFrames } from "./event-frames.js";
import { readEventMessage } from "./event-message.js";
import { compileEventPlan, NOT_PLAIN, readShape, type StructPlan } from "./shape-plan.js";

/** The parts of a BedrockRuntimeClient's resolved config the reader uses (all set by the SDK itself). */
export interface StreamSerdeConfig {
  protocol: {
    getShapeId?(): string;
    deserializeResponse(operationSchema: unknown, context: unknown, response: unknown): Promise<unknown>;
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

/** What the SDK does with an event of a type it does not know: nothing (its unmarshaller skips it). */
const SKIPPED = Symbol("skipped");

/**
 * Reads one ConverseStream answer's events: the body cut into messages, each checked by the SDK's codec,
 * each event's JSON parsed once and walked by its compiled plan, which gives the very object the SDK would,
 * without the SDK's four async layers and per-event schema walk per event (see bench/profile). Whatever the
 * plan cannot give exactly (exceptions, error messages, blobs, documents, unknown union members, a number
 * the SDK would revive) is handed, message by message, to the SDK's own protocol, so the SDK decides it
 * (and throws what it throws) as it would have.
 */
export class ConverseEventReader {
  private readonly codec: EventStreamCodec;

  constructor(
    private readonly config: StreamSerdeConfig,
    private readonly context: object,
    private readonly response: StreamResponse,
  ) {
    this.codec = new EventStreamCodec(config.utf8Encoder, config.utf8Decoder);
  }

  /** The events of `body` (a Node stream or any async iterable of bytes), as the SDK's stream gives them. */
  async *events(body: AsyncIterable<Uint8Array>): AsyncGenerator<ConverseStreamOutput, void, undefined> {
    const frames = new EventFrames();
    for await (const chunk of body) {
      frames.push(chunk);
      for (let frame = frames.next(); frame !== undefined; frame = frames.next()) {
        const event = this.eventOf(frame) ?? (await this.viaSdk(frame));
        if (event !== SKIPPED) yield event;
      }
    }
    frames.end();
  }

  /** One message read by its plan; `undefined` when the SDK must read it. */
  private eventOf(frame: Uint8Array): ConverseStreamOutput | typeof SKIPPED | undefined {
    const message = readEventMessage(frame);
    if (message === undefined) return this.eventOfDecoded(frame);
    const { messageType, eventType, bytes, bodyStart, bodyEnd } = message;
    const plan = planOf(messageType, eventType);
    if (plan === undefined || plan === SKIPPED) return plan;
    return eventFrom(eventType as string, plan, bytes.toString("utf8", bodyStart, bodyEnd));
  }

  /** A message only the SDK's codec reads (it throws for one that is damaged), its body then read by plan. */
  private eventOfDecoded(frame: Uint8Array): ConverseStreamOutput | typeof SKIPPED | undefined {
    const { headers, body } = this.codec.decode(frame);
    const type = headers[":event-type"]?.value;
    const plan = planOf(headers[":message-type"]?.value, type);
    if (plan === undefined || plan === SKIPPED) return plan;
    return eventFrom(
      type as string,
      plan,
      Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8"),
    );
  }

  /** One message as the SDK reads it: its own protocol over an answer holding just that message. */
  private async viaSdk(frame: Uint8Array): Promise<ConverseStreamOutput | typeof SKIPPED> {
    const { config, context, response } = this;
    const single = { ...response, body: Readable.from([frame]) };
    const output = (await config.protocol.deserializeResponse(
      OPERATION,
      { ...config, ...context },
      single,
    )) as {
      stream?: AsyncIterable<ConverseStreamOutput>;
    };
    for await (const event of output.stream ?? []) return event;
    return SKIPPED;
  }
}

/**
 * The plan for a message of these header values: `undefined` when the SDK must read it (not an event, or an
 * event only the SDK reads), `SKIPPED` for an event type the SDK does not know.
 */
function planOf(messageType: unknown, eventType: unknown): StructPlan | typeof SKIPPED | undefined {
  if (messageType !== "event" || typeof eventType !== "string") return undefined;
  const plan = EVENT_PLANS.get(eventType);
  if (plan === undefined) return SKIPPED;
  return plan ?? undefined;
}

/** An event of `type` from its JSON body, read by its plan; `undefined` when the SDK must read it. */
function eventFrom(type: string, plan: StructPlan, body: string): ConverseStreamOutput | undefined {
  const value = body === "" ? {} : readBody(plan, body);
  return value === NOT_PLAIN ? undefined : ({ [type]: value } as unknown as ConverseStreamOutput);
}

/** An event's JSON body read by its plan. */
function readBody(plan: StructPlan, body: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return NOT_PLAIN;
  }
  return readShape(plan, parsed);
}
