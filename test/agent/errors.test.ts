import { ThrottlingException, ValidationException } from "@aws-sdk/client-bedrock-runtime";
import type { AgentEvent } from "@lode/core";
import { describe, expect, test } from "vitest";
import { collectEvents, lodeErrorOf, scriptedAgentPerTest, scriptOf } from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

const hello = scriptOf({ text: "Hello there, this is a streamed answer." });

describe("a failed model call", () => {
  test("rejects with a LodeError carrying the code, the SDK's exception and the request id", async () => {
    const harness = await startAgent(hello, {
      faults: [{ error: { type: "AccessDeniedException", message: "No access to this model." } }],
    });
    const error = await lodeErrorOf(harness.agent.run("Hi"));

    expect(error.code).toBe("access-denied");
    expect(error.message).toContain("No access to this model.");
    expect((error.cause as Error).name).toBe("AccessDeniedException");
    expect((error.cause as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(403);
    expect(error.requestId).toBe(harness.server.requests[0]?.requestId);
  });

  test("does not retry a ValidationException", async () => {
    const harness = await startAgent(hello, {
      faults: [{ error: { type: "ValidationException", message: "Malformed input request." } }],
      retry: { initialDelayMs: 1, maxDelayMs: 5 },
    });
    const retries: AgentEvent[] = [];
    harness.agent.on("retry", (event) => retries.push(event));
    const error = await lodeErrorOf(harness.agent.run("Hi"));

    expect(error.code).toBe("invalid-request");
    expect(error.cause).toBeInstanceOf(ValidationException);
    expect(error.retryable).toBe(false);
    expect(retries).toEqual([]);
    expect(harness.server.requests).toHaveLength(1);
  });

  test("keeps the request id of a stream that failed part-way, and does not retry a validation error", async () => {
    const harness = await startAgent(hello, {
      faults: [{ streamError: { afterEvents: 2, type: "validationException", message: "Bad turn." } }],
      retry: { initialDelayMs: 1, maxDelayMs: 5 },
    });
    const error = await lodeErrorOf(harness.agent.run("Hi"));

    expect(error.code).toBe("invalid-request");
    expect((error.cause as Error).name).toBe("ValidationException");
    expect(error.message).toContain("Bad turn.");
    expect(error.requestId).toBe(harness.server.requests[0]?.requestId);
    expect(harness.server.requests).toHaveLength(1);
  });

  test("rejects the result and ends the stream with a run-error event", async () => {
    const harness = await startAgent(hello, { faults: [{ error: { type: "ValidationException" } }] });
    const stream = harness.agent.stream("Hi");
    const events = await collectEvents(stream);
    const error = await lodeErrorOf(stream.result);

    expect(events.at(-1)).toMatchObject({ type: "run-error", code: "invalid-request", error });
    expect(events.map((event) => event.type)).toEqual(["run-start", "step-start", "run-error"]);
  });

  test("rejects the for-await loop over the stream with the same error", async () => {
    const harness = await startAgent(hello, { faults: [{ error: { type: "ValidationException" } }] });
    const stream = harness.agent.stream("Hi");
    let thrown: unknown;
    try {
      for await (const _event of stream);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBe(await lodeErrorOf(stream.result));
  });

  test("tells a context overflow apart from other validation errors", async () => {
    const harness = await startAgent(
      scriptOf({ error: { type: "ValidationException", message: "Input is too long for requested model." } }),
    );
    const error = await lodeErrorOf(harness.agent.run("Hi"));

    expect(error.code).toBe("context-overflow");
    expect(error.requestId).toBe(harness.server.requests[0]?.requestId);
  });

  test("reports a throttled call as throttled once the retries are spent", async () => {
    const harness = await startAgent(hello, {
      faults: [{ error: { type: "ThrottlingException", message: "Too many requests." } }],
      retry: { initialDelayMs: 1, maxDelayMs: 5, maxAttempts: 3 },
    });
    const retries: AgentEvent[] = [];
    harness.agent.on("retry", (event) => retries.push(event));
    const error = await lodeErrorOf(harness.agent.run("Hi"));

    expect(error.code).toBe("throttled");
    expect(error.cause).toBeInstanceOf(ThrottlingException);
    expect(error.requestId).toBe(harness.server.requests[2]?.requestId);
    expect(harness.server.requests).toHaveLength(3);
    expect(retries).toHaveLength(2);
  });

  test("retries four times in all by default", async () => {
    const harness = await startAgent(hello, {
      faults: [{ error: { type: "ThrottlingException" } }],
      retry: { initialDelayMs: 1, maxDelayMs: 5 },
    });
    const error = await lodeErrorOf(harness.agent.run("Hi"));

    expect(error.code).toBe("throttled");
    expect(harness.server.requests).toHaveLength(4);
  });
});

describe("a request Bedrock refuses for what it is", () => {
  test("reports a SerializationException as an invalid request, not retried", async () => {
    const harness = await startAgent(hello, {
      faults: [{ error: { type: "SerializationException", message: "Expected a list at 'messages'." } }],
      retry: { initialDelayMs: 1, maxDelayMs: 5 },
    });
    const error = await lodeErrorOf(harness.agent.run("Hi"));

    expect(error.code).toBe("invalid-request");
    expect(error.retryable).toBe(false);
    expect((error.cause as Error).name).toBe("SerializationException");
    expect(harness.server.requests).toHaveLength(1);
  });

  test("reports a request too large (413) as an invalid request that says so, not retried", async () => {
    const harness = await startAgent(hello, {
      faults: [{ error: { type: "RequestEntityTooLargeException" } }],
      retry: { initialDelayMs: 1, maxDelayMs: 5 },
    });
    const error = await lodeErrorOf(harness.agent.run("Hi"));

    expect(error.code).toBe("invalid-request");
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/^The request is too large for Bedrock/);
    expect(harness.server.requests).toHaveLength(1);
  });

  test("reports a body over bedrock-local's 20 MiB as too large, through the SDK's HTTP/2, not as a dropped connection", async () => {
    const harness = await startAgent(hello, { retry: { initialDelayMs: 1, maxDelayMs: 5 } });
    const error = await lodeErrorOf(harness.agent.run("x".repeat(22_000_000)));

    expect(error.code).toBe("invalid-request");
    expect(error.retryable).toBe(false);
    expect(error.message).toContain("RequestEntityTooLargeException");
    expect(harness.server.requests.map((entry) => entry.status)).toEqual([413]);
  });

  test("refuses a request over Bedrock's 25 MB before sending it", async () => {
    const harness = await startAgent(hello);
    const error = await lodeErrorOf(harness.agent.run("x".repeat(26_000_000)));

    expect(error.code).toBe("invalid-request");
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(
      /^The request is too large for Bedrock: at least 26\.0 MB, over the 25\.0 MB/,
    );
    expect(harness.server.requests).toHaveLength(0);
  });

  test("refuses it before sending on the client Lode makes too, and the agent goes on", async () => {
    const harness = await startAgent(hello);
    // No client handed in: Lode makes its own, with its own transport, from the endpoint.
    const agent = harness.createAgent({ client: undefined, clientConfig: harness.server.clientConfig });
    const error = await lodeErrorOf(agent.run("x".repeat(26_000_000)));

    expect(error.code).toBe("invalid-request");
    expect(error.message).toMatch(/^The request is too large for Bedrock: at least 26\.0 MB/);
    expect(harness.server.requests).toHaveLength(0);
    expect((await agent.run("Hi")).text).toBe("Hello there, this is a streamed answer.");
  });
});
