import { formatSSEErrorEvent, formatSSEEvent, SSE_HEADERS } from "@a2a-js/sdk";
import { isLegacyJsonRpcMethod } from "@a2a-js/sdk/compat/v0_3";
import { LegacyJsonRpcTransportHandler } from "@a2a-js/sdk/compat/v0_3/server";
import {
  type A2ARequestHandler,
  JsonRpcTransportHandler,
  ServerCallContext,
  UnauthenticatedUser,
  type User,
} from "@a2a-js/sdk/server";
import { readBodyWithin } from "./read-body.js";

/** JSON-RPC 2.0's own error codes, for what is refused before the SDK reads the request. */
export const JSON_RPC_ERRORS = { parse: -32700, invalidRequest: -32600 } as const;

const AUTHENTICATED_USER: User = {
  get isAuthenticated() {
    return true;
  },
  get userName() {
    return "authenticated";
  },
};

/** What the JSON-RPC endpoint needs: the SDK's request handler and the checks in front of it. */
export interface JsonRpcEndpoint {
  requestHandler: A2ARequestHandler;
  authenticate: ((request: Request) => boolean | Promise<boolean>) | undefined;
  challenge: string;
  maxRequestBytes: number;
}

/**
 * Answers a JSON-RPC POST: credentials first (HTTP 401), then size (HTTP 413), the JSON and the envelope
 * (-32700, -32600), then the SDK's transport handler: A2A 1.0 methods (`SendMessage`, …) through its
 * `JsonRpcTransportHandler`, 0.3 methods (`message/send`, …) through its compat handler. Streams go out as
 * Server-Sent Events.
 */
export function jsonRpcResponder(endpoint: JsonRpcEndpoint) {
  const v1 = new JsonRpcTransportHandler(endpoint.requestHandler);
  const v03 = new LegacyJsonRpcTransportHandler(endpoint.requestHandler);
  return async (request: Request): Promise<Response> => {
    if (endpoint.authenticate && !(await endpoint.authenticate(request))) {
      return rpcError(null, JSON_RPC_ERRORS.invalidRequest, "Missing or invalid credentials.", 401, {
        "WWW-Authenticate": endpoint.challenge,
      });
    }
    const body = await readBodyWithin(request, endpoint.maxRequestBytes);
    if (body === undefined) {
      const message = `The request is larger than ${endpoint.maxRequestBytes} bytes.`;
      return rpcError(null, JSON_RPC_ERRORS.invalidRequest, message, 413);
    }
    let rpc: unknown;
    try {
      rpc = JSON.parse(body);
    } catch {
      return rpcError(null, JSON_RPC_ERRORS.parse, "Invalid JSON payload.");
    }
    if (!isEnvelope(rpc)) {
      const id = idOf(rpc);
      return rpcError(id, JSON_RPC_ERRORS.invalidRequest, "Not a JSON-RPC 2.0 request object.");
    }
    const legacy = isLegacyJsonRpcMethod(rpc.method);
    const context = new ServerCallContext({
      user: endpoint.authenticate ? AUTHENTICATED_USER : new UnauthenticatedUser(),
      requestedVersion: legacy ? "0.3" : (request.headers.get("A2A-Version") ?? "1.0"),
    });
    const answer = legacy ? await v03.handle(rpc, context) : await v1.handle(rpc, context);
    if (!isAsyncIterable(answer)) return json(answer);
    const mapError = legacy
      ? LegacyJsonRpcTransportHandler.mapToLegacyJSONRPCError
      : JsonRpcTransportHandler.mapToJSONRPCError;
    return sseResponse(answer, (error) => ({ jsonrpc: "2.0", id: rpc.id ?? null, error: mapError(error) }));
  };
}

interface Envelope {
  jsonrpc: "2.0";
  method: string;
  id?: string | number | null;
  params?: unknown;
  [key: string]: unknown;
}

function isEnvelope(value: unknown): value is Envelope {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const { jsonrpc, method, id } = value as Record<string, unknown>;
  const idOk = id === undefined || id === null || typeof id === "string" || Number.isInteger(id);
  return jsonrpc === "2.0" && typeof method === "string" && method !== "" && idOk;
}

function idOf(value: unknown): string | number | null {
  const id = typeof value === "object" && value !== null ? (value as { id?: unknown }).id : undefined;
  return typeof id === "string" || Number.isInteger(id) ? (id as string | number) : null;
}

function isAsyncIterable<T>(value: unknown): value is AsyncIterable<T> {
  return typeof (value as AsyncIterable<T> | undefined)?.[Symbol.asyncIterator] === "function";
}

/** A JSON response. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

function rpcError(
  id: string | number | null,
  code: number,
  message: string,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  return json({ jsonrpc: "2.0", id, error: { code, message } }, status, headers);
}

/**
 * Streams the envelopes as SSE. The first one is awaited before answering, so an error before the stream
 * starts (an unknown task, say) is a plain JSON-RPC error response, as the SDK's own transports do.
 */
async function sseResponse(
  envelopes: AsyncIterable<unknown>,
  errorOf: (error: unknown) => unknown,
): Promise<Response> {
  const iterator = envelopes[Symbol.asyncIterator]();
  let first: IteratorResult<unknown>;
  try {
    first = await iterator.next();
  } catch (error) {
    return json(errorOf(error));
  }
  const encoder = new TextEncoder();
  let pending: IteratorResult<unknown> | undefined = first;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = pending ?? (await iterator.next());
        pending = undefined;
        if (next.done) return controller.close();
        controller.enqueue(encoder.encode(formatSSEEvent(next.value)));
      } catch (error) {
        controller.enqueue(encoder.encode(formatSSEErrorEvent(errorOf(error))));
        controller.close();
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  const { Connection: _hopByHop, ...headers } = SSE_HEADERS as Record<string, string>;
  return new Response(body, { status: 200, headers });
}
