import { createServer, type Server } from "node:http";
import { TaskState } from "@a2a-js/sdk";
import type { AgentExecutor } from "@a2a-js/sdk/server";
import { a2aAgent } from "@lode/a2a";
import { afterEach, describe, expect, test } from "vitest";
import { deferred, resultText, scriptedAgentPerTest, toolResultsSent } from "../support/scripted-agent.js";
import {
  cardOf,
  publishCancelled,
  startA2AServer,
  type TestA2AServer,
  taskEvents,
} from "./support/client-a2a-server.js";

const startAgent = scriptedAgentPerTest();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function startRemote(executor: AgentExecutor): Promise<TestA2AServer> {
  const server = await startA2AServer(executor);
  closers.push(() => server.close());
  return server;
}

/** A server that serves a good card, then answers every message with `body`. */
async function startGarbageServer(body: string): Promise<string> {
  let url = "";
  const server: Server = createServer((request, response) => {
    if (request.method === "GET") {
      response
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify(cardOf("junk", url)));
      return;
    }
    response.writeHead(200, { "content-type": "text/event-stream" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  url = `http://127.0.0.1:${address.port}`;
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return url;
}

/** A URL nothing listens at. */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${address.port}`;
}

const delegation = {
  models: {
    "*": {
      turns: [
        {
          content: [
            { toolUse: { name: "geologist", input: { task: "Find the deepest lode." }, id: "tu_1" } },
          ],
        },
        { text: "The geologist could not help." },
      ],
    },
  },
};

/** Runs a supervisor whose tool is the remote at `url`; returns the tool call's result as Bedrock got it. */
async function callRemote(url: string, options: { timeoutMs?: number } = {}) {
  const harness = await startAgent(delegation);
  const supervisor = harness.createAgent({
    tools: [a2aAgent(url, { name: "geologist", ...options }).asTool()],
  });
  const result = await supervisor.run("Which lode is deepest?");
  // The run goes on after the failed call: the model reads the error and answers.
  expect(result.text).toBe("The geologist could not help.");
  const [toolResult] = toolResultsSent(harness.server, 1);
  expect(toolResult?.status).toBe("error");
  return resultText(toolResult ?? {});
}

describe("a remote agent that fails, as a tool", () => {
  test("down: the call's error says its card could not be read", async () => {
    const url = await deadUrl();
    expect(await callRemote(url)).toMatch(
      /The remote agent "geologist" could not be reached: its card at http/,
    );
  });

  test("a card that is no card: the call's error says so", async () => {
    const server = createServer((_request, response) => response.writeHead(200).end("<html>hello</html>"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const address = server.address() as { port: number };
    expect(await callRemote(`http://127.0.0.1:${address.port}`)).toMatch(
      /"geologist" could not be reached: its card at .* could not be read/,
    );
  });

  test("garbage for an answer: the call's error says the remote broke off", async () => {
    const url = await startGarbageServer("data: this is not json\n\n");
    expect(await callRemote(url)).toMatch(/The remote agent "geologist" broke off: /);
  });

  test("slow: the call times out and the remote's task is cancelled", async () => {
    const cancelled = deferred<string>();
    const remote = await startRemote({
      async execute(context, bus) {
        taskEvents(context, bus).start();
        await cancelled.promise;
      },
      async cancelTask(taskId, bus) {
        publishCancelled(taskId, bus);
        cancelled.resolve(taskId);
      },
    });
    expect(await callRemote(remote.url, { timeoutMs: 500 })).toMatch(
      /The remote agent "geologist" did not answer within 500 ms/,
    );
    expect(remote.methods).toEqual(["SendStreamingMessage", "CancelTask"]);
  });

  test("dies mid-stream: the call's error says it broke off, and the run goes on", async () => {
    const streaming = deferred();
    let remote: TestA2AServer | undefined;
    remote = await startRemote({
      async execute(context, bus) {
        const task = taskEvents(context, bus);
        task.start();
        task.text("The Comstock ");
        streaming.resolve();
        await new Promise(() => {});
      },
      async cancelTask() {},
    });
    void streaming.promise.then(() => setTimeout(() => remote?.kill(), 50));
    expect(await callRemote(remote.url)).toMatch(/The remote agent "geologist" broke off: terminated/);
  });

  test("a failed task: the call's error carries the remote's words", async () => {
    const remote = await startRemote({
      async execute(context, bus) {
        const task = taskEvents(context, bus);
        task.start();
        task.status(TaskState.TASK_STATE_FAILED, "The mine is flooded.");
        bus.finished();
      },
      async cancelTask() {},
    });
    expect(await callRemote(remote.url)).toMatch(/"geologist" failed its task: The mine is flooded\./);
  });
});
