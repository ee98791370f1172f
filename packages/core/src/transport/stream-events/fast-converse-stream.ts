import {
  type BedrockRuntimeClient,
  ConverseStream$,
  type ConverseStreamCommand,
} from "@aws-sdk/client-bedrock-runtime";
import { getSchemaSerdePlugin } from "@smithy/core/schema";
import { getSmithyContext } from "@smithy/core/transport";
import { ConverseEventReader, type StreamResponse, type StreamSerdeConfig } from "./converse-event-reader.js";
import { FirstEventProbe } from "./prefetched-stream.js";

type Handler = (args: object) => Promise<{ response: unknown; output?: unknown }>;
type DeserializeMiddleware = (next: Handler, context: object) => Handler;

/** Takes the SDK's own deserializer's place (same name, same step), for the calls it is added to. */
const DESERIALIZER: { name: string; step: "deserialize"; tags: string[]; override: true } = {
  name: "deserializerMiddleware",
  step: "deserialize",
  tags: ["DESERIALIZER"],
  override: true,
};

/** Per client: its fast ConverseStream deserializer, or `null` for a client it cannot serve. */
const perClient = new WeakMap<object, DeserializeMiddleware | null>();
/** The clients whose own stack holds it already: the clients Lode makes. */
const clientsWithIt = new WeakSet<object>();

/**
 * Makes a client Lode made read ConverseStream answers with `ConverseEventReader`: set once on the client.
 * Every other operation keeps the SDK's own deserializer, untouched.
 */
export function readConverseStreamFast(client: BedrockRuntimeClient): void {
  const middleware = fastDeserializerOf(client);
  if (!middleware) return;
  client.middlewareStack.add(middleware as never, DESERIALIZER);
  clientsWithIt.add(client);
}

/**
 * Makes `command` read its answer with `ConverseEventReader`, unless `client` does already: on the command,
 * not the client, so a caller's own client is left as it was given.
 */
export function readCommandFast(command: ConverseStreamCommand, client: BedrockRuntimeClient): void {
  if (clientsWithIt.has(client)) return;
  const middleware = fastDeserializerOf(client);
  if (middleware) command.middlewareStack.add(middleware as never, DESERIALIZER);
}

function fastDeserializerOf(client: BedrockRuntimeClient): DeserializeMiddleware | null {
  let middleware = perClient.get(client);
  if (middleware === undefined) {
    // A stand-in client (a test double with only `send`) has no config, and no SDK reader to replace.
    const config = (client as { config?: Partial<StreamSerdeConfig> }).config;
    middleware = config ? makeFastDeserializer(config) : null;
    perClient.set(client, middleware);
  }
  return middleware;
}

/**
 * The middleware, for a client whose protocol is the SDK's REST-JSON (Bedrock Runtime's) with its UTF-8
 * codecs: anything else (a client from an SDK older than its schemas, a protocol of the caller's own) keeps
 * the SDK's deserializer.
 */
function makeFastDeserializer(config: Partial<StreamSerdeConfig>): DeserializeMiddleware | null {
  const { protocol, utf8Encoder, utf8Decoder } = config;
  if (protocol?.getShapeId?.() !== "aws.protocols#restJson1") return null;
  if (!utf8Encoder || !utf8Decoder) return null;
  const sdk = sdkDeserializer(config);
  if (!sdk) return null;
  const serde = config as StreamSerdeConfig;
  return (next, context) => {
    if (getSmithyContext(context as never).operationSchema !== ConverseStream$) return sdk(next, context);
    return new FastConverseStreamCall(serde, sdk, next, context).handle;
  };
}

/** The SDK's own deserializer middleware for this client, as its serde plugin makes it. */
function sdkDeserializer(config: Partial<StreamSerdeConfig>): DeserializeMiddleware | undefined {
  let found: DeserializeMiddleware | undefined;
  getSchemaSerdePlugin(config as never).applyToStack({
    add(middleware: unknown, options: { name?: string }) {
      if (options.name === DESERIALIZER.name) found = middleware as DeserializeMiddleware;
    },
  } as never);
  return found;
}

/** A body the reader takes: a Node stream, or any async iterable of bytes (anything else is the SDK's). */
function isAsyncIterable(body: unknown): body is AsyncIterable<Uint8Array> {
  return typeof (body as AsyncIterable<Uint8Array> | undefined)?.[Symbol.asyncIterator] === "function";
}

/**
 * The deserializer of one resolved middleware stack. The SDK resolves a stack per call, or once per command
 * class when the client caches it (`cacheMiddleware`), so nothing of one call is kept here.
 */
class FastConverseStreamCall {
  readonly handle: Handler;

  constructor(
    private readonly config: StreamSerdeConfig,
    private readonly sdk: DeserializeMiddleware,
    private readonly next: Handler,
    private readonly context: object,
  ) {
    this.handle = this.deserialize.bind(this);
  }

  private async deserialize(args: object): Promise<{ response: unknown; output?: unknown }> {
    const { response } = (await this.next(args)) as { response: StreamResponse };
    // The SDK's own deserializer, handed the answer already in: a bound `Promise.resolve`, not a closure.
    const answered = Promise.resolve.bind(Promise, { response }) as unknown as Handler;
    const body = response.body;
    // An error answer (its JSON body, its typed exception) or a body of another kind: the SDK's own, all of it.
    if (response.statusCode >= 300 || !isAsyncIterable(body)) return this.sdk(answered, this.context)(args);
    const reader = new ConverseEventReader(this.config, this.context, response);
    const probe = new FirstEventProbe(reader.events(body));
    // The SDK builds the answer (its metadata, the stream's first event awaited in its own error handling)
    // around the probe; the events themselves come from the reader.
    response.body = probe;
    let result: { response: unknown; output?: unknown };
    try {
      result = await this.sdk(answered, this.context)(args);
    } finally {
      response.body = body;
    }
    const output = result.output as { stream?: unknown } | undefined;
    const stream = probe.stream();
    if (output && stream) output.stream = stream;
    return result;
  }
}
