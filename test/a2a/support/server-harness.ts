import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SendMessageRequest, type StreamResponse, type Task } from "@a2a-js/sdk";
import { type Client, ClientFactory } from "@a2a-js/sdk/client";
import { type A2AServer, type ServableGraph, type ServeA2AOptions, serveA2A } from "@lode/a2a";
import type { Agent } from "@lode/core";
import { afterEach } from "vitest";

/** An A2A server on loopback, serving a Lode agent or graph. */
export interface ServedA2A {
  /** The origin (`http://127.0.0.1:port`): the card is under it. */
  baseUrl: string;
  /** The JSON-RPC endpoint. */
  rpcUrl: string;
  server: A2AServer;
  /** A client of the official SDK, made from the served card. */
  client(): Promise<Client>;
  close(): Promise<void>;
}

/** Listens on a random loopback port; `url` (for the card) is known before the handler is made. */
export async function listenOnLoopback(
  handlerFor: (rpcUrl: string) => A2AServer,
): Promise<{ baseUrl: string; rpcUrl: string; server: A2AServer; http: Server }> {
  let served: A2AServer | undefined;
  const http = createServer((request, response) => served?.listener(request, response));
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const rpcUrl = `${baseUrl}/a2a`;
  served = handlerFor(rpcUrl);
  return { baseUrl, rpcUrl, server: served, http };
}

/** Serves `target` on loopback; `close()` stops it (runs under way are aborted). */
export async function serveOnLoopback(
  target: Agent | ServableGraph,
  options: Omit<ServeA2AOptions, "url"> = {},
): Promise<ServedA2A> {
  const { baseUrl, rpcUrl, server, http } = await listenOnLoopback((url) =>
    serveA2A(target, { ...options, url }),
  );
  return {
    baseUrl,
    rpcUrl,
    server,
    client: () => new ClientFactory().createFromUrl(baseUrl),
    close: async () => {
      server.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** For a test file whose tests each serve something: every server is closed after each test. */
export function servedPerTest(): typeof serveOnLoopback {
  const started: ServedA2A[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((served) => served.close()));
  });
  return async (target, options) => {
    const served = await serveOnLoopback(target, options);
    started.push(served);
    return served;
  };
}

/** A user's message, in the protocol's JSON: text, data parts, on a task or context when given. */
export function userMessage(
  content: { text?: string; data?: unknown[] },
  on: { taskId?: string; contextId?: string } = {},
): SendMessageRequest {
  const parts = [
    ...(content.text !== undefined ? [{ text: content.text }] : []),
    ...(content.data ?? []).map((data) => ({ data })),
  ];
  return SendMessageRequest.fromJSON({
    message: { messageId: randomUUID(), role: "ROLE_USER", parts, ...on },
  });
}

/** The text of an artifact of the task, its parts joined. */
export function artifactText(task: Task, artifactId: string): string | undefined {
  const artifact = task.artifacts.find((candidate) => candidate.artifactId === artifactId);
  return artifact?.parts.map((part) => (part.content?.$case === "text" ? part.content.value : "")).join("");
}

/** The value of the first data part of a message or artifact's parts. */
export function firstData(parts: { content?: { $case: string; value?: unknown } }[] | undefined): unknown {
  return parts?.find((part) => part.content?.$case === "data")?.content?.value;
}

/** Every event of a stream, read to its end. */
export async function collect(stream: AsyncIterable<StreamResponse>): Promise<StreamResponse[]> {
  const events: StreamResponse[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** A JSON-RPC request posted as raw text, and the HTTP status and JSON it got. */
export async function postRaw(
  rpcUrl: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  headers: Headers;
  json: { id?: unknown; error?: { code: number; message: string } };
}> {
  const response = await fetch(rpcUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body,
  });
  return { status: response.status, headers: response.headers, json: await response.json() };
}
