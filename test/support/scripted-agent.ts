import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import {
  type BedrockLocal,
  type Fault,
  type GuardrailChecksScript,
  type GuardrailDefinition,
  type Script,
  startBedrockLocal,
} from "@lode/bedrock-local";
import {
  Agent,
  type AgentEvent,
  type AgentOptions,
  type AgentStream,
  type EventOf,
  LodeError,
} from "@lode/core";
import { afterEach } from "vitest";

/** The model id agents use unless a test names another. */
export const TEST_MODEL_ID = "test-model";

export interface ScriptedAgent {
  server: BedrockLocal;
  agent: Agent;
  /** The SDK client the agent talks through (one attempt per call: Lode retries itself). */
  client: BedrockRuntimeClient;
  /** Another agent on the same server and client. */
  createAgent(options?: Partial<AgentOptions>): Agent;
  /** Stops the client and the server; safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Starts bedrock-local serving `script` (injecting `faults`, serving `guardrails`) and an agent talking to
 * it over real HTTP through the unmodified SDK client.
 */
export async function startScriptedAgent(
  script: Script,
  options: Partial<AgentOptions> & {
    faults?: Fault[];
    guardrails?: GuardrailDefinition[];
    guardrailChecks?: GuardrailChecksScript;
  } = {},
): Promise<ScriptedAgent> {
  const { faults, guardrails, guardrailChecks, ...agentOptions } = options;
  const server = await startBedrockLocal({
    script,
    faults,
    guardrails,
    ...(guardrailChecks ? { guardrailChecks } : {}),
  });
  const client = new BedrockRuntimeClient({ ...server.clientConfig, maxAttempts: 1 });
  const createAgent = (overrides: Partial<AgentOptions> = {}) =>
    new Agent({ modelId: TEST_MODEL_ID, client, ...agentOptions, ...overrides });
  let closing: Promise<void> | undefined;
  return {
    server,
    agent: createAgent(),
    client,
    createAgent,
    // Idempotent: a test that failed before starting its own harness leaves the previous one in place.
    close: () => {
      closing ??= (async () => {
        client.destroy();
        await server.close();
      })();
      return closing;
    },
  };
}

/**
 * For a test file or `describe` whose tests each start their own scripted agent: returns `startScriptedAgent`,
 * with every agent it started closed after each test.
 */
export function scriptedAgentPerTest(): typeof startScriptedAgent {
  const started: ScriptedAgent[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((harness) => harness.close()));
  });
  return async (script, options) => {
    const harness = await startScriptedAgent(script, options);
    started.push(harness);
    return harness;
  };
}

/** A script in which any model id answers with `turns`. */
export function scriptOf(...turns: Script["models"][string]["turns"]): Script {
  return { models: { "*": { turns } } };
}

/** A request body as bedrock-local received it (the JSON the SDK sent). */
// biome-ignore lint/suspicious/noExplicitAny: request bodies are read field by field in assertions.
export type RequestBody = Record<string, any>;

/** The body of the `index`-th request (0-based) bedrock-local received. */
export function requestBody(server: BedrockLocal, index: number): RequestBody {
  const entry = server.requests[index];
  if (!entry)
    throw new Error(`bedrock-local received ${server.requests.length} request(s), not ${index + 1}`);
  return entry.body as RequestBody;
}

/** The `toolResult` blocks of the last user message of the `index`-th request. */
export function toolResultsSent(server: BedrockLocal, index: number): RequestBody[] {
  const messages = requestBody(server, index).messages as RequestBody[];
  const lastUser = [...messages].reverse().find((message) => message.role === "user");
  return (lastUser?.content ?? [])
    .filter((block: RequestBody) => block.toolResult !== undefined)
    .map((block: RequestBody) => block.toolResult);
}

/** The text of a tool result's blocks, joined. */
export function resultText(toolResult: RequestBody): string {
  return (toolResult.content as RequestBody[]).map((block) => block.text ?? "").join("");
}

/** Every event of a stream, read to its end (the run's failure, if any, is left to `stream.result`). */
export async function collectEvents(stream: AgentStream<unknown>): Promise<AgentEvent[]> {
  const events: AgentEvent[] = [];
  try {
    for await (const event of stream) events.push(event);
  } catch {
    // surfaced through `stream.result`
  }
  return events;
}

/** Every item of `events`, in order; an error of the stream rejects (unlike `collectEvents`). */
export async function readAll<T>(events: AsyncIterable<T>): Promise<T[]> {
  const seen: T[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

/** The events of type `type`, in order. */
export function eventsOfType<T extends AgentEvent["type"]>(events: AgentEvent[], type: T): EventOf<T>[] {
  return events.filter((event): event is EventOf<T> => event.type === type);
}

/** The `LodeError` a run rejected with (fails the test when the run succeeded or threw something else). */
export async function lodeErrorOf(promise: Promise<unknown>): Promise<LodeError> {
  try {
    await promise;
  } catch (error) {
    if (LodeError.isInstance(error)) return error;
    throw new Error(`expected a LodeError, got ${String(error)}`, { cause: error });
  }
  throw new Error("expected the run to fail, but it succeeded");
}

/** A promise and the function that resolves it. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** Resolves once `signal` aborts, or after `ms` as a backstop so a broken test cannot hang. */
export function abortedOrAfter(signal: AbortSignal, ms: number): Promise<"aborted" | "waited"> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve("aborted");
    const timer = setTimeout(() => resolve("waited"), ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve("aborted");
      },
      { once: true },
    );
  });
}
