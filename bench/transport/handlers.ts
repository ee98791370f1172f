import http from "node:http";
import https from "node:https";
import { NodeHttp2Handler, NodeHttpHandler } from "@smithy/node-http-handler";

/** A request handler the SDK client can take, made fresh for one contender. */
export type HandlerFactory = (ca: Buffer | undefined) => NodeHttpHandler | NodeHttp2Handler;

/**
 * The transports a Bedrock Runtime client can use. `ca` is the certificate to trust over TLS (bedrock-local's
 * self-signed one); cleartext ignores it.
 */
export const HANDLERS: Record<string, HandlerFactory> = {
  // What `new BedrockRuntimeClient()` builds itself: HTTP/2, a new session for every request.
  "SDK default (HTTP/2, session per request)": (ca) =>
    new NodeHttp2Handler({
      disableConcurrentStreams: true,
      ...(ca ? { nodeHttp2ConnectOptions: { ca } } : {}),
    }),
  "HTTP/1.1 keep-alive": (ca) =>
    new NodeHttpHandler({
      httpAgent: new http.Agent({ keepAlive: true, maxSockets: 256 }),
      httpsAgent: new https.Agent({ keepAlive: true, maxSockets: 256, ...(ca ? { ca } : {}) }),
    }),
  "one HTTP/2 session, concurrent streams": (ca) =>
    new NodeHttp2Handler({
      disableConcurrentStreams: false,
      ...(ca ? { nodeHttp2ConnectOptions: { ca } } : {}),
    }),
  "HTTP/2 pool, 10 streams a session": (ca) =>
    new NodeHttp2Handler({
      disableConcurrentStreams: false,
      maxConcurrentStreams: 10,
      ...(ca ? { nodeHttp2ConnectOptions: { ca } } : {}),
    }),
};
