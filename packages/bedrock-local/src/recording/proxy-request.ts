import http from "node:http";
import https from "node:https";
import { readBody } from "../http/read-body.js";
import { forwardedRequestHeaders, forwardedResponseHeaders } from "./forwarded-headers.js";
import { logUpstreamAnswer, type ProxiedRequest, type ProxyContext, recordThenEnd } from "./proxy-context.js";
import { relayResponse } from "./relay-response.js";
import type { UpstreamRequest } from "./sign-upstream-request.js";
import { signedOrExplained, upstreamUnreachable } from "./upstream-errors.js";

/**
 * Proxies a request whose body is whole before the answer starts (every operation but the bidirectional
 * stream): read the body, sign again, send over HTTP/1.1, relay the answer as it arrives, record it.
 */
export async function proxyRequest(context: ProxyContext, proxied: ProxiedRequest): Promise<void> {
  const body = await readBody(proxied.request, context.maxBodyBytes);
  proxied.entry.body = parseJson(body);
  const headers = forwardedRequestHeaders(proxied.request.headers);
  const signed = await signedOrExplained(
    context.upstream,
    context.signer.signRequest({ method: proxied.method, rawPath: proxied.rawPath, headers, body }),
  );
  const answer = await send(context, signed, proxied.clientGone);
  const status = answer.statusCode ?? 502;
  logUpstreamAnswer(proxied.entry, status, answer.headers);
  const relayed = await relayResponse({ status, headers: answer.headers, body: answer }, proxied.response, {
    clientGone: proxied.clientGone,
  });
  if (relayed.kind !== "complete") return; // cut short: not a recording
  await recordThenEnd(context, proxied, {
    requestHeaders: headers,
    requestBody: body,
    status,
    responseHeaders: forwardedResponseHeaders(answer.headers),
    responseBody: relayed.body,
  });
}

/**
 * Sends the signed request upstream; resolves once the answer's headers arrive. Nothing is sent for a
 * client already gone (it would only be paid for), and a client that leaves later stops the upstream call.
 */
function send(
  context: ProxyContext,
  signed: UpstreamRequest,
  clientGone: AbortSignal,
): Promise<http.IncomingMessage> {
  if (clientGone.aborted)
    return Promise.reject(new Error("the client went away before the request was sent"));
  const transport = context.upstream.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const upstreamRequest = transport.request(
      {
        protocol: context.upstream.protocol,
        hostname: context.upstream.hostname,
        port: context.upstream.port || undefined,
        method: signed.method,
        path: signed.rawPath,
        headers: { ...signed.headers, "content-length": String(signed.body.length) },
        agent: context.agent,
      },
      resolve,
    );
    upstreamRequest.on("error", (error) => reject(upstreamUnreachable(context.upstream, error)));
    // Destroying the request destroys its response too, should the answer have started.
    clientGone.addEventListener("abort", () => upstreamRequest.destroy(), { once: true });
    upstreamRequest.end(signed.body);
  });
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    return undefined;
  }
}
