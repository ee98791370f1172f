import { once } from "node:events";
import http2 from "node:http2";
import { EventStreamCodec, getChunkedStream } from "@smithy/core/event-streams";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import { validationError } from "../http/aws-error.js";
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
  const { host: _signedAsAuthority, ...upstreamHeaders } = signed.request.headers;
  const session = http2.connect(context.upstream.origin);
  // Errors after the answer has been relayed have nobody left to tell.
  session.on("error", () => {});
  try {
    const upstream = session.request({
      ":method": proxied.method,
      ":path": proxied.rawPath,
      ...upstreamHeaders,
    });
    upstream.on("error", () => {});
    const inputEvents: RecordedEvent[] = [];
    // Input flows from the start: the upstream may wait for it before it answers at all.
    pumpInput(request, upstream, signed.signFrame, inputEvents).catch(() =>
      upstream.close(http2.constants.NGHTTP2_CANCEL),
    );
    const answered = await answerOf(upstream, session, context.upstream);
    logUpstreamAnswer(proxied.entry, answered.status, answered.headers);
    const output = await relayResponse({ ...answered, body: upstream }, response);
    if (output === undefined) return;
    await recordThenEnd(context, proxied, {
      requestHeaders: headers,
      requestBody: Buffer.alloc(0),
      requestEvents: inputEvents,
      status: answered.status,
      responseHeaders: forwardedResponseHeaders(answered.headers),
      responseBody: output,
    });
  } finally {
    session.close();
  }
}

/** Re-signs the client's input frames, in order, onto the upstream stream; ends it when the client's input ends. */
async function pumpInput(
  request: AnyRequest,
  upstream: http2.ClientHttp2Stream,
  signFrame: SignedEventStream["signFrame"],
  events: RecordedEvent[],
): Promise<void> {
  for await (const frame of getChunkedStream(request as AsyncIterable<Uint8Array>)) {
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
