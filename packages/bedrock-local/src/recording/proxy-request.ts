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
  const answer = await send(context, signed, proxied);
  const status = answer.statusCode ?? 502;
  logUpstreamAnswer(proxied.entry, status, answer.headers);
  const responseBody = await relayResponse(
    { status, headers: answer.headers, body: answer },
    proxied.response,
  );
  if (responseBody === undefined) return; // cut short: not a recording
  await recordThenEnd(context, proxied, {
    requestHeaders: headers,
    requestBody: body,
    status,
    responseHeaders: forwardedResponseHeaders(answer.headers),
    responseBody,
  });
}

/** Sends the signed request upstream; resolves once the answer's headers arrive. */
function send(
  context: ProxyContext,
  signed: UpstreamRequest,
  proxied: ProxiedRequest,
): Promise<http.IncomingMessage> {
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
    // The client gave up: stop the upstream call too, it would only be paid for.
    proxied.response.on("close", () => {
      if (!proxied.response.writableEnded) upstreamRequest.destroy();
    });
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
