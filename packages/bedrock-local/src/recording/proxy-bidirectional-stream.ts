import { once } from "node:events";
import http2 from "node:http2";
import { Readable } from "node:stream";
import { EventStreamCodec, getChunkedStream } from "@smithy/core/event-streams";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import { limitFrameSize } from "../bidirectional/limit-frame-size.js";
import { exceptionTypeFor } from "../bidirectional/output-exception-type.js";
import { encodeExceptionFrame } from "../eventstream/encode-frame.js";
import { AwsError, validationError } from "../http/aws-error.js";
import type { AnyRequest } from "../http/exchange.js";
import { decodeEventStream, type RecordedEvent } from "./decode-event-stream.js";
import { forwardedRequestHeaders, forwardedResponseHeaders } from "./forwarded-headers.js";
import { logUpstreamAnswer, type ProxiedRequest, type ProxyContext, recordThenEnd } from "./proxy-context.js";
import { relayResponse } from "./relay-response.js";
import type { SignedEventStream } from "./sign-upstream-request.js";
import { signedOrExplained, upstreamUnreachable } from "./upstream-errors.js";

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/**
 * Proxies InvokeModelWithBidirectionalStream over HTTP/2 in both directions at once. Each input frame the
 * client sends is an envelope (`:date`, `:chunk-signature`) signed with the client's key; the proxy takes
 * the event out and wraps it in a new envelope signed with the recorder's, chained from the signature of
 * the request it sent upstream. Input events are recorded under `request.events`, the output as raw bytes.
 */
export async function proxyBidirectionalStream(
  context: ProxyContext,
  proxied: ProxiedRequest,
): Promise<void> {
  const { request, response } = proxied;
  if (request.httpVersionMajor !== 2) {
    request.resume();
    throw validationError("InvokeModelWithBidirectionalStream requires HTTP/2.");
  }
  const headers = forwardedRequestHeaders(request.headers);
  const signed = await signedOrExplained(
    context.upstream,
    context.signer.signEventStream({ method: proxied.method, rawPath: proxied.rawPath, headers }),
  );
  // A client that left while the request was signed gets no upstream stream: nobody would read what it costs.
  if (proxied.clientGone.aborted) return;
  const { host: _signedAsAuthority, ...upstreamHeaders } = signed.request.headers;
  const session = http2.connect(context.upstream.origin);
  // Errors after the answer has been relayed have nobody left to tell.
  session.on("error", () => {});
  const cancelUpstream = () => session.destroy();
  proxied.clientGone.addEventListener("abort", cancelUpstream, { once: true });
  try {
    const upstream = session.request({
      ":method": proxied.method,
      ":path": proxied.rawPath,
      ...upstreamHeaders,
    });
    upstream.on("error", () => {});
    const inputEvents: RecordedEvent[] = [];
    /** Set when the client's input is bad: the exchange ends with this error instead of the upstream's answer. */
    let inputError: AwsError | undefined;
    const stopRelay = new AbortController();
    // Input flows from the start: the upstream may wait for it before it answers at all.
    pumpInput(request, upstream, signed.signFrame, inputEvents).catch((error: unknown) => {
      inputError = badInput(error);
      stopRelay.abort();
      upstream.close(http2.constants.NGHTTP2_CANCEL);
    });
    const answered = await answerOf(upstream, session, context.upstream).catch((error: unknown) => {
      throw inputError ?? error;
    });
    logUpstreamAnswer(proxied.entry, answered.status, answered.headers);
    // An event stream is relayed frame by frame, so the relay can stop between two frames and an exception
    // frame follow; anything else (an error's JSON) is passed on as it comes.
    const isEventStream = String(answered.headers["content-type"] ?? "").startsWith(
      "application/vnd.amazon.eventstream",
    );
    const output = isEventStream
      ? Readable.from(getChunkedStream(upstream as AsyncIterable<Uint8Array>))
      : upstream;
    output.on("error", () => {});
    const relayed = await relayResponse({ ...answered, body: output }, response, {
      clientGone: proxied.clientGone,
      // Only between event-stream frames can an exception frame follow; a JSON answer is cut off instead.
      ...(isEventStream ? { stop: stopRelay.signal } : {}),
    });
    if (relayed.kind === "stopped") {
      const error = inputError ?? validationError("The input stream was cut short.");
      if (!response.headersSent) throw error;
      proxied.entry.error = error.name;
      proxied.entry.errorMessage = error.message;
      response.end(encodeExceptionFrame(exceptionTypeFor(error), error.message));
      return;
    }
    if (relayed.kind === "broken") return;
    await recordThenEnd(context, proxied, {
      requestHeaders: headers,
      requestBody: Buffer.alloc(0),
      requestEvents: inputEvents,
      status: answered.status,
      responseHeaders: forwardedResponseHeaders(answered.headers),
      responseBody: Buffer.from(relayed.body),
    });
  } finally {
    proxied.clientGone.removeEventListener("abort", cancelUpstream);
    session.close();
  }
}

/** Why the client's input stopped: a frame over the limit (already a ValidationException), or malformed framing. */
function badInput(error: unknown): AwsError {
  if (error instanceof AwsError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return validationError(`The input stream could not be read: ${reason}`);
}

/** Re-signs the client's input frames, in order, onto the upstream stream; ends it when the client's input ends. */
async function pumpInput(
  request: AnyRequest,
  upstream: http2.ClientHttp2Stream,
  signFrame: SignedEventStream["signFrame"],
  events: RecordedEvent[],
): Promise<void> {
  // Frames are limited before they are framed: the framing library allocates a frame's announced length.
  for await (const frame of getChunkedStream(limitFrameSize(request as AsyncIterable<Uint8Array>))) {
    // The client's envelope and signature are dropped; an empty message is its signed end of input.
    const message = codec.decode(frame).body;
    if (message.byteLength > 0) events.push(...decodeEventStream(Buffer.from(message)).events);
    if (!upstream.write(await signFrame(message))) {
      await Promise.race([once(upstream, "drain"), once(upstream, "close")]);
    }
    if (upstream.destroyed) return;
  }
  upstream.end();
}

/** Resolves with the upstream's status and headers; a stream or connection that fails first is a 502. */
function answerOf(
  upstream: http2.ClientHttp2Stream,
  session: http2.ClientHttp2Session,
  origin: URL,
): Promise<{ status: number; headers: http2.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    upstream.once("response", (headers) => resolve({ status: Number(headers[":status"] ?? 502), headers }));
    upstream.once("error", (error) => reject(upstreamUnreachable(origin, error)));
    session.once("error", (error) => reject(upstreamUnreachable(origin, error)));
    upstream.once("close", () =>
      reject(upstreamUnreachable(origin, new Error("the upstream closed the stream before answering"))),
    );
  });
}
