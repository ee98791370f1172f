import { AgentCard } from "@a2a-js/sdk";
import { DefaultRequestHandler, InMemoryTaskStore } from "@a2a-js/sdk/server";
import type { Agent } from "@lode/core";
import { agentCardV1, agentCardV03, authenticateChallenge, type CardFacts } from "./agent-card.js";
import { json, jsonRpcResponder } from "./jsonrpc-http.js";
import { LodeExecutor } from "./lode-executor.js";
import { nodeListener } from "./node-listener.js";
import type { A2AServer, ServableGraph, ServeA2AOptions } from "./serve-options.js";
import { taskRunnerFor } from "./task-runner.js";

const CARD_PATH = "/.well-known/agent-card.json";

/**
 * Serves a Lode agent (or a `@lode/graph` graph) over the A2A protocol, on the official `@a2a-js/sdk`
 * server: the card at `/.well-known/agent-card.json`, JSON-RPC at the path of `options.url` (A2A 1.0
 * methods and, for 0.3 clients, `message/send`, `message/stream`, `tasks/get`, `tasks/cancel`,
 * `tasks/resubscribe`). A task is one run on the Lode session named by the task's `contextId`; a run
 * waiting for approval is an `input-required` task, resumed by the next message on it.
 *
 * @example
 * ```ts
 * const server = serveA2A(agent, { url: "http://localhost:4000/a2a", taskStore: new RedisTaskStore({ redis }) });
 * http.createServer(server.listener).listen(4000);
 * ```
 */
export function serveA2A(target: Agent | ServableGraph, options: ServeA2AOptions): A2AServer {
  const runner = taskRunnerFor(target, options);
  const facts: CardFacts = {
    name: options.name ?? runner.name,
    description: options.description ?? runner.description ?? `The Lode agent ${runner.name}.`,
    version: options.version ?? "1.0.0",
    url: options.url,
    skills: options.skills ?? runner.skills,
    securityScheme: options.securityScheme ?? (options.authenticate ? { type: "bearer" } : undefined),
  };
  const cardV1 = agentCardV1(facts);
  const cardV03 = agentCardV03(facts);
  const taskStore = options.taskStore ?? new InMemoryTaskStore();
  const executor = new LodeExecutor(runner, taskStore, options.cancelCheckMs ?? 1_000);
  // A waiting task keeps no event bus: its next message may reach another process.
  const requestHandler = new DefaultRequestHandler(
    AgentCard.fromJSON(cardV1),
    taskStore,
    executor,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    { keepBusAliveStates: [] },
  );
  const rpcPath = new URL(options.url).pathname;
  const answerRpc = jsonRpcResponder({
    requestHandler,
    authenticate: options.authenticate,
    challenge: authenticateChallenge(facts.securityScheme),
    maxRequestBytes: options.maxRequestBytes ?? 1_000_000,
  });
  const fetch = async (request: Request): Promise<Response> => {
    const { pathname } = new URL(request.url);
    if (pathname === CARD_PATH && request.method === "GET") {
      // A client that names no version (or 0.3) gets the 0.3 card, as the SDK's own card handler does.
      const version = request.headers.get("A2A-Version") ?? "0.3";
      return json(version.startsWith("0.") ? cardV03 : cardV1, 200, { Vary: "A2A-Version" });
    }
    if (pathname === rpcPath && request.method === "POST") {
      return answerRpc(request).catch(() =>
        json({ jsonrpc: "2.0", id: null, error: { code: -32603, message: "Internal error." } }, 500),
      );
    }
    if (pathname === rpcPath) return json({ error: "Use POST for JSON-RPC." }, 405, { Allow: "POST" });
    return json({ error: "Not found." }, 404);
  };
  return { listener: nodeListener(fetch), fetch, agentCard: cardV1, close: () => executor.abortAll() };
}
