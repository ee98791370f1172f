import type { Fault } from "@lode/bedrock-local";
import type { LodeErrorCode } from "@lode/core";
import { describe, expect, test } from "vitest";
import {
  collectEvents,
  eventsOfType,
  lodeErrorOf,
  requestBody,
  scriptedAgentPerTest,
  scriptOf,
} from "../support/scripted-agent.js";

const startAgent = scriptedAgentPerTest();

const hello = scriptOf({ text: "Hello there, this is a streamed answer." });
const fastRetry = { initialDelayMs: 1, maxDelayMs: 5 };

const retriedFaults: [string, Fault, LodeErrorCode][] = [
  ["throttling", { error: { type: "ThrottlingException" }, times: 2 }, "throttled"],
  [
    "an internal server error",
    { error: { type: "InternalServerException" }, times: 2 },
    "service-unavailable",
  ],
  [
    "an unavailable service",
    { error: { type: "ServiceUnavailableException" }, times: 2 },
    "service-unavailable",
  ],
  [
    "an in-stream model error",
    { streamError: { afterEvents: 2, type: "modelStreamErrorException" }, times: 2 },
    "model-error",
  ],
  [
    "in-stream throttling",
    { streamError: { afterEvents: 1, type: "throttlingException" }, times: 2 },
    "throttled",
  ],
  [
    "an in-stream internal error",
    { streamError: { afterEvents: 3, type: "internalServerException" }, times: 2 },
    "service-unavailable",
  ],
];

describe("retrying a model call", () => {
  test.each(retriedFaults)("retries %s with backoff and succeeds", async (_name, fault, code) => {
    const harness = await startAgent(hello, { faults: [fault], retry: fastRetry });
    const stream = harness.agent.stream("Hi");
    const events = await collectEvents(stream);
    const result = await stream.result;

    expect(result.text).toBe("Hello there, this is a streamed answer.");
    expect(result.steps[0]?.retries).toBe(2);
    expect(harness.server.requests).toHaveLength(3);
    const retries = eventsOfType(events, "retry");
    expect(retries.map((event) => [event.attempt, event.code, event.step])).toEqual([
      [1, code, 1],
      [2, code, 1],
    ]);
    for (const event of retries) {
      expect(event.operation).toBe("ConverseStream");
      expect(event.delayMs).toBeGreaterThanOrEqual(0);
      expect(event.delayMs).toBeLessThan(5);
      expect(event.runId).toBe(result.runId);
    }
  });

  test("sends the same request again on each attempt", async () => {
    const harness = await startAgent(hello, {
      faults: [{ error: { type: "ThrottlingException" }, times: 2 }],
      retry: fastRetry,
    });
    await harness.agent.run("Hi");

    expect(requestBody(harness.server, 1)).toEqual(requestBody(harness.server, 0));
    expect(requestBody(harness.server, 2)).toEqual(requestBody(harness.server, 0));
  });

  test("says when a retry voids deltas already streamed, and keeps only the retried step's text", async () => {
    const harness = await startAgent(
      scriptOf({ text: "Hello there, this is a streamed answer.", chunkSize: 5 }),
      {
        faults: [{ streamError: { afterEvents: 3, type: "modelStreamErrorException" }, times: 1 }],
        retry: fastRetry,
      },
    );
    const stream = harness.agent.stream("Hi");
    const events = await collectEvents(stream);
    const result = await stream.result;

    const types = events.map((event) => event.type);
    const retryAt = types.indexOf("retry");
    expect(types.slice(0, retryAt)).toContain("text-delta");
    expect(eventsOfType(events, "retry")[0]?.discardsPartialStep).toBe(true);
    expect(result.text).toBe("Hello there, this is a streamed answer.");
    expect(result.messages.at(-1)).toEqual({
      role: "assistant",
      content: [{ text: "Hello there, this is a streamed answer." }],
    });
  });

  test("says when a retry voids nothing", async () => {
    const harness = await startAgent(hello, {
      faults: [{ error: { type: "ThrottlingException" }, times: 1 }],
      retry: fastRetry,
    });
    const events = await collectEvents(harness.agent.stream("Hi"));

    expect(eventsOfType(events, "retry")[0]?.discardsPartialStep).toBe(false);
  });

  test("emits each retry from the agent too", async () => {
    const harness = await startAgent(hello, {
      faults: [{ error: { type: "ThrottlingException" }, times: 2 }],
      retry: fastRetry,
    });
    const attempts: number[] = [];
    harness.agent.on("retry", (event) => attempts.push(event.attempt));
    await harness.agent.run("Hi");

    expect(attempts).toEqual([1, 2]);
  });

  test("stops waiting and rejects as aborted when the run is aborted during the backoff", async () => {
    const harness = await startAgent(hello, {
      faults: [{ error: { type: "ThrottlingException" } }],
      retry: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    const controller = new AbortController();
    // Abort once the loop has gone on to wait out the backoff.
    harness.agent.on("retry", () => setImmediate(() => controller.abort()));
    const error = await lodeErrorOf(harness.agent.run("Hi", { signal: controller.signal }));

    expect(error.code).toBe("aborted");
    expect(harness.server.requests).toHaveLength(1);
  });

  test("lets a shouldRetry policy decide", async () => {
    const harness = await startAgent(hello, {
      faults: [{ error: { type: "ThrottlingException" }, times: 1 }],
      retry: { ...fastRetry, shouldRetry: () => false },
    });
    const error = await lodeErrorOf(harness.agent.run("Hi"));

    expect(error.code).toBe("throttled");
    expect(harness.server.requests).toHaveLength(1);
  });
});
