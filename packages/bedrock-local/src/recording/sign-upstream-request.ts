import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { Sha256 } from "@smithy/core/checksum";
import { EventStreamCodec } from "@smithy/core/event-streams";
import { SignatureV4 } from "@smithy/signature-v4";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import { queryObject } from "../http/query-object.js";
import type { UpstreamCredentials } from "./record-options.js";

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** The payload hash an event-stream request is signed with: its body is signed frame by frame instead. */
const STREAMING_PAYLOAD = "STREAMING-AWS4-HMAC-SHA256-EVENTS";

/** A request as the proxy forwards it. */
export interface UpstreamRequest {
  method: string;
  /** The path and query exactly as the client sent them (the signature covers this encoding). */
  rawPath: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** A bidirectional stream's signed request, and the signer of its input frames chained from its signature. */
export interface SignedEventStream {
  request: UpstreamRequest;
  /** Wraps one input message (the encoded event, or nothing to end the input) in a signed envelope. */
  signFrame(message: Uint8Array): Promise<Uint8Array>;
}

export interface UpstreamSigner {
  signRequest(request: UpstreamRequest): Promise<UpstreamRequest>;
  signEventStream(request: Omit<UpstreamRequest, "body">): Promise<SignedEventStream>;
}

/**
 * Signs requests for `upstream` as the AWS SDK does (service `bedrock`, the SDK's own SHA-256 and SigV4
 * signer), with the caller's credentials: the default provider chain unless others are given.
 */
export function createUpstreamSigner(
  upstream: URL,
  region: string,
  credentials: UpstreamCredentials | undefined,
): UpstreamSigner {
  const provider = credentials ?? defaultProvider();
  const signerWith = (chosen: UpstreamCredentials) =>
    new SignatureV4({ service: "bedrock", region, sha256: Sha256, credentials: chosen });
  const signer = signerWith(provider);

  const sign = async (using: SignatureV4, request: UpstreamRequest): Promise<UpstreamRequest> => {
    const [path = "/", queryString = ""] = request.rawPath.split(/\?(.*)/s);
    const signed = await using.sign({
      method: request.method,
      protocol: upstream.protocol,
      hostname: upstream.hostname,
      ...(upstream.port ? { port: Number(upstream.port) } : {}),
      // The path arrives percent-encoded once (as the SDKs send it); the signer encodes it again for the
      // canonical request, exactly as it does inside the SDK, so upstream computes the same signature.
      path,
      query: queryObject(queryString),
      headers: { ...request.headers, host: upstream.host },
      body: request.body,
    });
    return { ...request, headers: signed.headers as Record<string, string> };
  };

  return {
    signRequest: (request) => sign(signer, request),
    async signEventStream(request) {
      // One set of credentials for the whole stream, as the SDK does: every frame's signature chains from
      // the request's, so a refresh in the middle would break the chain.
      const fixed = typeof provider === "function" ? await provider() : provider;
      const streamSigner = signerWith(fixed);
      const signed = await sign(streamSigner, {
        ...request,
        headers: { ...request.headers, "x-amz-content-sha256": STREAMING_PAYLOAD },
        body: Buffer.alloc(0),
      });
      let priorSignature = /Signature=([0-9a-f]+)$/.exec(signed.headers.authorization ?? "")?.[1] ?? "";
      return {
        request: signed,
        async signFrame(message) {
          const date = new Date();
          const dateHeader = { ":date": { type: "timestamp" as const, value: date } };
          const { signature } = await streamSigner.signMessage(
            { message: { headers: dateHeader, body: message }, priorSignature },
            { signingDate: date },
          );
          priorSignature = signature;
          return codec.encode({
            headers: {
              ...dateHeader,
              ":chunk-signature": { type: "binary", value: Buffer.from(signature, "hex") },
            },
            body: message,
          });
        },
      };
    },
  };
}
