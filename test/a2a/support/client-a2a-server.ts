import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { Socket } from "node:net";
import {
  type AgentCard,
  formatSSEErrorEvent,
  formatSSEEvent,
  type Message,
  type Part,
  Role,
  SSE_HEADERS,
  TaskState,
} from "@a2a-js/sdk";
import {
  AgentEvent,
  type AgentExecutor,
  DefaultRequestHandler,
  type ExecutionEventBus,
  InMemoryTaskStore,
  JsonRpcTransportHandler,
  type RequestContext,
  ServerCallContext,
} from "@a2a-js/sdk/server";
import { afterEach } from "vitest";

/** An A2A server made of the official SDK's parts, serving one executor over JSON-RPC on 127.0.0.1. */
export interface TestA2AServer {
  url: string;
  /** The JSON-RPC methods received, in order (`SendStreamingMessage`, `CancelTask`, …). */
  methods: string[];
  /** The headers of every request, the card's included. */
  headers: IncomingMessage["headers"][];
  /** Drops every open connection at once (a server that died). */
  kill(): void;
  close(): Promise<void>;
}

/** Starts the SDK's `DefaultRequestHandler` over `executor`, with its JSON-RPC transport handler, on a free port. */
export async function startA2AServer(executor: AgentExecutor, name = "remote-agent"): Promise<TestA2AServer> {
  const sockets = new Set<Socket>();
  const methods: string[] = [];
  const headers: IncomingMessage["headers"][] = [];
  let card: AgentCard | undefined;
  const handler = new DefaultRequestHandler(
    { ...cardOf(name, ""), supportedInterfaces: [] },
    new InMemoryTaskStore(),
    executor,
  );
  const transport = new JsonRpcTransportHandler(handler);
  const server: Server = createServer(async (request, response) => {
    headers.push(request.headers);
    if (request.method === "GET" && request.url === "/.well-known/agent-card.json") {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(card));
      return;
    }
    const body = JSON.parse(await bodyOf(request));
    methods.push(body.method);
    const answer = await transport.handle(body, new ServerCallContext());
    if (!(Symbol.asyncIterator in answer)) {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
      return;
    }
    response.writeHead(200, SSE_HEADERS);
    try {
      for await (const event of answer) response.write(formatSSEEvent(event));
    } catch (error) {
      // What the SDK's express handler does: the error as the stream's last event.
      response.write(
        formatSSEErrorEvent({
          jsonrpc: "2.0",
          id: body.id,
          error: JsonRpcTransportHandler.mapToJSONRPCError(error),
        }),
      );
    }
    response.end();
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  const url = `http://127.0.0.1:${address.port}`;
  card = cardOf(name, url);
  return {
    url,
    methods,
    headers,
    kill: () => {
      for (const socket of sockets) socket.destroy();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The card of a JSON-RPC agent at `url`. */
export function cardOf(name: string, url: string): AgentCard {
  return {
    name,
    description: "A remote agent written in the test.",
    supportedInterfaces: [{ url, protocolBinding: "JSONRPC", tenant: "", protocolVersion: "1.0" }],
    provider: undefined,
    version: "1.0.0",
    capabilities: { streaming: true, pushNotifications: false, extensions: [] },
    securitySchemes: {},
    securityRequirements: [],
    defaultInputModes: ["text/plain"],
    defaultOutputModes: ["text/plain"],
    skills: [],
    signatures: [],
  };
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** What an executor in a test publishes: a task's events, with the ids filled in. */
export function taskEvents(context: RequestContext, bus: ExecutionEventBus) {
  const { taskId, contextId } = context;
  return {
    /** The task, first on every stream: submitted, or as it stands when a message continues it. */
    start(): void {
      if (context.task) {
        bus.publish(AgentEvent.task(context.task));
        return;
      }
      bus.publish(
        AgentEvent.task({
          id: taskId,
          contextId,
          status: { state: TaskState.TASK_STATE_SUBMITTED, message: undefined, timestamp: undefined },
          artifacts: [],
          history: [context.userMessage],
          metadata: undefined,
        }),
      );
    },
    status(state: TaskState, text?: string): void {
      bus.publish(
        AgentEvent.statusUpdate({
          taskId,
          contextId,
          status: {
            state,
            message: text === undefined ? undefined : agentMessage(text, taskId, contextId),
            timestamp: undefined,
          },
          metadata: undefined,
        }),
      );
    },
    /** A piece of the answer, appended to the task's one artifact. */
    text(text: string, append = true): void {
      this.artifact([textPart(text)], append);
    },
    artifact(parts: Part[], append = true): void {
      bus.publish(
        AgentEvent.artifactUpdate({
          taskId,
          contextId,
          artifact: {
            artifactId: "answer",
            name: "answer",
            description: "",
            parts,
            metadata: undefined,
            extensions: [],
          },
          append,
          lastChunk: false,
          metadata: undefined,
        }),
      );
    },
  };
}

export function textPart(text: string): Part {
  return {
    content: { $case: "text", value: text },
    metadata: undefined,
    filename: "",
    mediaType: "text/plain",
  };
}

export function dataPart(value: unknown): Part {
  return {
    content: { $case: "data", value },
    metadata: undefined,
    filename: "",
    mediaType: "application/json",
  };
}

/** A message from the agent, on a task when `taskId` is not empty. */
export function agentMessage(text: string, taskId: string, contextId: string): Message {
  return {
    messageId: randomUUID(),
    contextId,
    taskId,
    role: Role.ROLE_AGENT,
    parts: [textPart(text)],
    metadata: undefined,
    extensions: [],
    referenceTaskIds: [],
  };
}

/** What an executor's `cancelTask` does in these tests: the task ends cancelled. */
export function publishCancelled(taskId: string, bus: ExecutionEventBus): void {
  bus.publish(
    AgentEvent.statusUpdate({
      taskId,
      contextId: "",
      status: { state: TaskState.TASK_STATE_CANCELED, message: undefined, timestamp: undefined },
      metadata: undefined,
    }),
  );
  bus.finished();
}

/** The text of the message a request context carries. */
export function userText(context: RequestContext): string {
  return context.userMessage.parts
    .map((part) => (part.content?.$case === "text" ? part.content.value : ""))
    .join("");
}

/**
 * For a test file whose tests each start their own remote A2A servers: returns a function that starts one
 * serving `executor`, every server it started closed after each test.
 */
export function remoteServersPerTest(): (executor: AgentExecutor) => Promise<TestA2AServer> {
  const servers: TestA2AServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return async (executor) => {
    const server = await startA2AServer(executor);
    servers.push(server);
    return server;
  };
}
