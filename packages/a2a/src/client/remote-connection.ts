import type { AgentCard } from "@a2a-js/sdk";
import {
  type Client,
  ClientFactory,
  ClientFactoryOptions,
  DefaultAgentCardResolver,
  JsonRpcTransportFactory,
  RestTransportFactory,
} from "@a2a-js/sdk/client";
import { LodeError } from "@lode/core";
import { reasonOf, remoteFailed, remoteTimedOut } from "./remote-errors.js";

/** How to reach a remote A2A agent, and how long to wait for it. */
export interface A2AAgentOptions {
  /**
   * The remote agent's name in Lode: its tool's name, its handoff name, the last part of its events'
   * `agentPath`. Letters, digits, `_` and `-`. Known before the card is read, so it is not the card's.
   * @default "remote"
   */
  name?: string;
  /** What the agent does, as its tool and its transfer tool tell a model. @default a sentence naming the agent and its URL */
  description?: string;
  /**
   * Headers sent with every request, the card's included (`{ authorization: "Bearer …" }`); a function is
   * asked before each request (a token that expires).
   */
  headers?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);
  /**
   * The `fetch` every request goes through: for a proxy, or the SDK's `createAuthenticatingFetchWithRetry`
   * (which retries a 401 with fresh credentials). `headers` are added to what it is given.
   * @default globalThis.fetch
   */
  fetch?: typeof fetch;
  /** Where the card is, relative to `url`. @default "/.well-known/agent-card.json" */
  cardPath?: string;
  /**
   * Milliseconds one exchange with the remote (reading its card, or a message until its task finishes or
   * asks for input) may take; then the task is cancelled and the call fails with `timeout`.
   * @default 300000
   */
  timeoutMs?: number;
}

/** The remote agent as the client side holds it: its card and SDK client, made once, at first use. */
export interface RemoteConnection {
  readonly url: string;
  readonly name: string;
  readonly timeoutMs: number;
  /** The SDK client, from the card (read at the first call; a failed read is tried again next time). */
  client(): Promise<Client>;
  /** The remote's card, as read. */
  card(): Promise<AgentCard>;
}

export const DEFAULT_REMOTE_TIMEOUT_MS = 300_000;

export function remoteConnection(url: string, options: A2AAgentOptions): RemoteConnection {
  const name = options.name ?? "remote";
  const timeoutMs = options.timeoutMs ?? DEFAULT_REMOTE_TIMEOUT_MS;
  const fetchImpl = withHeaders(options.fetch ?? ((input, init) => fetch(input, init)), options.headers);
  let connecting: Promise<{ client: Client; card: AgentCard }> | undefined;
  const connect = () => {
    connecting ??= readCard(url, name, options.cardPath, timeoutMs, fetchImpl).catch((error: unknown) => {
      connecting = undefined;
      throw error;
    });
    return connecting;
  };
  return {
    url,
    name,
    timeoutMs,
    client: async () => (await connect()).client,
    card: async () => (await connect()).card,
  };
}

async function readCard(
  url: string,
  name: string,
  cardPath: string | undefined,
  timeoutMs: number,
  fetchImpl: typeof fetch,
): Promise<{ client: Client; card: AgentCard }> {
  // The card is read without the caller's signal: its own deadline bounds it.
  const bounded: typeof fetch = (input, init) =>
    fetchImpl(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeoutMs) });
  const cardResolver = new DefaultAgentCardResolver({ fetchImpl: bounded });
  try {
    const card = await cardResolver.resolve(url, cardPath);
    if (typeof card?.name !== "string" || !Array.isArray(card.supportedInterfaces))
      throw new Error("the card is no A2A agent card");
    const factory = new ClientFactory(
      ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
        transports: [new JsonRpcTransportFactory({ fetchImpl }), new RestTransportFactory({ fetchImpl })],
        cardResolver,
      }),
    );
    return { client: await factory.createFromAgentCard(card), card };
  } catch (error) {
    if (isTimeout(error)) throw remoteTimedOut(name, timeoutMs);
    throw remoteFailed(
      name,
      `could not be reached: its card at ${url} could not be read (${reasonOf(error)}).`,
      error,
    );
  }
}

function withHeaders(fetchImpl: typeof fetch, headers: A2AAgentOptions["headers"]): typeof fetch {
  if (!headers) return fetchImpl;
  return async (input, init) => {
    const extra = typeof headers === "function" ? await headers() : headers;
    const merged = new Headers(init?.headers);
    for (const [key, value] of Object.entries(extra)) merged.set(key, value);
    return fetchImpl(input, { ...init, headers: merged });
  };
}

function isTimeout(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause)
    if (current.name === "TimeoutError") return true;
  return LodeError.isInstance(error) && error.code === "timeout";
}
