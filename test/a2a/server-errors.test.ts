import { randomUUID } from "node:crypto";
import { InMemoryConversationStore } from "@lode/core";
import { describe, expect, test } from "vitest";
import { scriptedAgentPerTest, scriptOf } from "../support/scripted-agent.js";
import { postRaw, servedPerTest, userMessage } from "./support/server-harness.js";

const startAgent = scriptedAgentPerTest();
const serve = servedPerTest();

/** A served agent on its own store, and a check that nothing reached the model or the store. */
async function servedAgent(options: Parameters<typeof serve>[1] = {}) {
  const harness = await startAgent(scriptOf({ text: "Hello." }));
  const store = new InMemoryConversationStore();
  const served = await serve(harness.createAgent({ store }), options);
  const untouched = async () => {
    expect(harness.server.requests).toHaveLength(0);
    expect(await store.listSessions()).toEqual([]);
  };
  return { served, untouched };
}

const send = (text: string, id: unknown = 1) =>
  JSON.stringify({
    jsonrpc: "2.0",
    id,
    method: "SendMessage",
    params: { message: { messageId: randomUUID(), role: "ROLE_USER", parts: [{ text }] } },
  });

describe("serveA2A: bad input gets the protocol's error and changes nothing", () => {
  test("answers malformed JSON with -32700 (parse error)", async () => {
    const { served, untouched } = await servedAgent();

    const { status, json } = await postRaw(served.rpcUrl, '{"jsonrpc": "2.0", "method": ');

    expect(status).toBe(200);
    expect(json).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: -32700 } });
    await untouched();
  });

  test("answers what is not a JSON-RPC 2.0 request object with -32600 (invalid request)", async () => {
    const { served, untouched } = await servedAgent();

    for (const body of [
      JSON.stringify({ jsonrpc: "1.0", id: 7, method: "SendMessage" }),
      JSON.stringify({ jsonrpc: "2.0", id: 8 }),
      JSON.stringify({ jsonrpc: "2.0", id: { not: "an id" }, method: "GetTask" }),
      JSON.stringify([JSON.parse(send("batched"))]),
      "42",
    ]) {
      const { json } = await postRaw(served.rpcUrl, body);
      expect(json.error?.code, body).toBe(-32600);
    }
    const { json } = await postRaw(served.rpcUrl, JSON.stringify({ jsonrpc: "1.0", id: 7, method: "x" }));
    expect(json.id).toBe(7);
    await untouched();
  });

  test("answers an unknown method with -32601 (method not found)", async () => {
    const { served, untouched } = await servedAgent();

    const { json } = await postRaw(
      served.rpcUrl,
      JSON.stringify({ jsonrpc: "2.0", id: "a", method: "tasks/explode", params: {} }),
    );

    expect(json).toMatchObject({ id: "a", error: { code: -32601 } });
    await untouched();
  });

  test("answers an unknown task id with -32001 (task not found), through the SDK's client too", async () => {
    const { served, untouched } = await servedAgent();

    for (const [method, version] of [
      ["GetTask", "1.0"],
      ["CancelTask", "1.0"],
      ["tasks/get", "0.3"],
      ["tasks/cancel", "0.3"],
    ] as const) {
      const { json } = await postRaw(
        served.rpcUrl,
        JSON.stringify({ jsonrpc: "2.0", id: 3, method, params: { id: "no-such-task" } }),
        { "A2A-Version": version },
      );
      expect(json.error?.code, method).toBe(-32001);
    }
    const client = await served.client();
    await expect(
      client.getTask({ id: "no-such-task", tenant: "", historyLength: undefined }),
    ).rejects.toThrow(/not found/i);
    // A stream on an unknown task is refused before it starts: a plain JSON-RPC error, not an event stream.
    const resubscribe = await fetch(served.rpcUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "A2A-Version": "1.0" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 4,
        method: "SubscribeToTask",
        params: { id: "no-such-task" },
      }),
    });
    expect(resubscribe.headers.get("content-type")).toContain("application/json");
    expect((await resubscribe.json()).error.code).toBe(-32001);
    await untouched();
  });

  test("refuses a request over maxRequestBytes with HTTP 413 and -32600, whether or not it declares its length", async () => {
    const { served, untouched } = await servedAgent({ maxRequestBytes: 2_000 });

    const declared = await postRaw(served.rpcUrl, send("x".repeat(5_000)));
    expect(declared.status).toBe(413);
    expect(declared.json.error?.code).toBe(-32600);
    // Chunked, with no Content-Length: counted while read.
    const chunks = [send("y".repeat(5_000))];
    const streamed = await fetch(served.rpcUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: new ReadableStream({
        pull(controller) {
          const next = chunks.shift();
          if (next) controller.enqueue(new TextEncoder().encode(next));
          else controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await streamed.json()).error.code).toBe(-32600);
    await untouched();
    // Within the limit, the same server answers.
    const small = await postRaw(served.rpcUrl, send("Hi"), { "A2A-Version": "1.0" });
    expect(small.json).toHaveProperty("result");
  });

  test("refuses missing or wrong credentials with HTTP 401, a challenge and a JSON-RPC error; the card stays public", async () => {
    const { served, untouched } = await servedAgent({
      authenticate: (request) => request.headers.get("authorization") === "Bearer s3cret",
    });

    const attempts: Record<string, string>[] = [
      {},
      { Authorization: "Bearer wrong" },
      { Authorization: "s3cret" },
    ];
    for (const headers of attempts) {
      const refused = await postRaw(served.rpcUrl, send("Hi"), headers);
      expect(refused.status).toBe(401);
      expect(refused.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(refused.json).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: -32600 } });
    }
    const client = await served.client();
    await expect(client.sendMessage(userMessage({ text: "Hi" }))).rejects.toThrow(/credentials/);
    await untouched();

    const card = await client.getAgentCard();
    expect(card.securitySchemes.bearer?.scheme).toMatchObject({
      $case: "httpAuthSecurityScheme",
      value: { scheme: "Bearer" },
    });
    const task = await client.sendMessage(userMessage({ text: "Hi" }), {
      serviceParameters: { Authorization: "Bearer s3cret" },
    });
    expect("status" in task && task.status?.state).toBe(3);
  });

  test("takes an API key header when the scheme says so", async () => {
    const { served, untouched } = await servedAgent({
      authenticate: (request) => request.headers.get("x-api-key") === "k-1",
      securityScheme: { type: "apiKey", header: "X-API-Key" },
    });

    const refused = await postRaw(served.rpcUrl, send("Hi"), { "X-API-Key": "k-2" });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toBe('ApiKey header="X-API-Key"');
    await untouched();
    const card = await (await served.client()).getAgentCard();
    expect(card.securitySchemes.apiKey?.scheme).toMatchObject({
      $case: "apiKeySecurityScheme",
      value: { location: "header", name: "X-API-Key" },
    });
    const accepted = await postRaw(served.rpcUrl, send("Hi"), { "X-API-Key": "k-1", "A2A-Version": "1.0" });
    expect(accepted.json).toHaveProperty("result.task.status.state", "TASK_STATE_COMPLETED");
  });
});
