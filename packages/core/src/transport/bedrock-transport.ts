import http from "node:http";
import https from "node:https";
import { NodeHttp2Handler, NodeHttpHandler, type NodeHttpHandlerOptions } from "@smithy/node-http-handler";

type Handle = NodeHttpHandler["handle"];
type HttpRequest = Parameters<Handle>[0];
type HandleOptions = Parameters<Handle>[1];
type Handled = ReturnType<Handle>;

/** How Lode's transport connects. Every field is optional; the defaults are what `bench/transport.ts` measured best. */
export interface BedrockTransportOptions {
  /** Most connections kept open to one endpoint; more calls than this wait for a free one. @default 256 */
  maxSockets?: number;
  /** Certificates to trust besides the system's, e.g. a local HTTPS endpoint's self-signed one. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Milliseconds to wait for a connection before the call fails (0: no limit). @default 0 */
  connectionTimeout?: number;
  /** Milliseconds of silence on a socket before the call fails (0: no limit). @default 0 */
  requestTimeout?: number;
}

/**
 * The request handler of the clients Lode makes: keep-alive HTTP/1.1 for every operation that works over it
 * (Converse, ConverseStream, ApplyGuardrail, CountTokens, InvokeModel…), HTTP/2 only for the operation that
 * needs it, InvokeModelWithBidirectionalStream, whose input streams while its output does.
 *
 * Why not the SDK's own default: it opens a new HTTP/2 session (a TCP connection, and over HTTPS a TLS
 * handshake) for every request. Against bedrock-local, ConverseStream took 0.58 of its time at 100 calls in
 * flight over cleartext and 0.24 over TLS; one shared HTTP/2 session did no better for streams, because the
 * SDK gives every event-stream call a session of its own (packages/core/README.md, "Transport").
 *
 * Idle connections do not keep the process alive. A request that finds its kept-alive connection closed by
 * the server (a reset before any answer) is sent once more on a new one. A client's own `requestHandler`
 * always replaces this.
 */
export class BedrockTransport {
  /** Read by the SDK's host-header step: requests carry `host`, as HTTP/1.1 needs. */
  readonly metadata = { handlerProtocol: "http/1.1" };
  private readonly http1: NodeHttpHandler;
  private http2: NodeHttp2Handler | undefined;

  constructor(private readonly options: BedrockTransportOptions = {}) {
    const sockets = { keepAlive: true, maxSockets: options.maxSockets ?? 256 };
    this.http1 = new NodeHttpHandler({
      httpAgent: new http.Agent(sockets),
      httpsAgent: new https.Agent({ ...sockets, ...(options.ca ? { ca: options.ca } : {}) }),
      ...timeouts(options),
    });
  }

  async handle(request: HttpRequest, options?: HandleOptions): Handled {
    if (needsHttp2(request)) return this.bidirectional().handle(request, options);
    try {
      return await this.http1.handle(request, options);
    } catch (error) {
      if (!isStaleConnection(error) || options?.abortSignal?.aborted) throw error;
      // A kept-alive connection the server closed as it was reused: no answer came, so the request is sent
      // once more, at once, on another connection. (Lode's retry policy would also retry it, after a backoff.)
      return this.http1.handle(request, options);
    }
  }

  updateHttpClientConfig(key: keyof NodeHttpHandlerOptions, value: NodeHttpHandlerOptions[typeof key]): void {
    this.http1.updateHttpClientConfig(key, value);
  }

  httpHandlerConfigs(): NodeHttpHandlerOptions {
    return this.http1.httpHandlerConfigs();
  }

  /** Closes every connection; calls made afterwards open new ones. */
  destroy(): void {
    this.http1.destroy();
    this.http2?.destroy();
    this.http2 = undefined;
  }

  /** The SDK's own HTTP/2 handler, made on first need: a session per call, as the SDK does by default. */
  private bidirectional(): NodeHttp2Handler {
    this.http2 ??= new NodeHttp2Handler({
      disableConcurrentStreams: true,
      ...(this.options.requestTimeout ? { requestTimeout: this.options.requestTimeout } : {}),
      ...(this.options.ca ? { nodeHttp2ConnectOptions: { ca: this.options.ca } } : {}),
    });
    return this.http2;
  }
}

/** A bidirectional stream's request body is itself a stream (the SDK's signed input frames); HTTP/1.1 cannot carry it while the answer streams back. */
function needsHttp2(request: HttpRequest): boolean {
  if (request.path.endsWith("/invoke-with-bidirectional-stream")) return true;
  const body: unknown = request.body;
  return body !== undefined && body !== null && typeof body !== "string" && !(body instanceof Uint8Array);
}

/** The connection was reset or closed under the request before any answer: what a stale kept-alive socket gives. */
function isStaleConnection(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "ECONNRESET" || code === "EPIPE";
}

function timeouts(
  options: BedrockTransportOptions,
): Pick<NodeHttpHandlerOptions, "connectionTimeout" | "requestTimeout"> {
  return {
    ...(options.connectionTimeout ? { connectionTimeout: options.connectionTimeout } : {}),
    ...(options.requestTimeout ? { requestTimeout: options.requestTimeout } : {}),
  };
}

let shared: BedrockTransport | undefined;

/**
 * The one transport every agent made without `client` or `clientConfig.requestHandler` shares, so agents made
 * per request reuse the same open connections instead of each opening its own.
 */
export function sharedBedrockTransport(): BedrockTransport {
  shared ??= new BedrockTransport();
  return shared;
}
