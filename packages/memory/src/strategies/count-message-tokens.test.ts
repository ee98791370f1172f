import type { Message } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, test } from "vitest";
import { estimateMessageTokens, MessageTokenCounter } from "./count-message-tokens.js";
import { spreadInProportion } from "./count-tokens-batch.js";
import { countTokensClient, longHistory, user } from "./test-messages.test-support.js";

const signal = new AbortController().signal;
const options = (client: unknown, budget: number, now?: () => number) => ({
  budget,
  client: client as never,
  modelId: "test-model",
  signal,
  now,
});
const sumOf = (counts: (number | undefined)[]) =>
  counts.reduce<number>((sum, count) => sum + (count ?? 0), 0);

describe("MessageTokenCounter", () => {
  test("counts the newest messages until past the budget and leaves the rest uncounted", async () => {
    const { client, calls } = countTokensClient();
    const messages = longHistory(2_000);
    const counts = await new MessageTokenCounter("bedrock").countNewest(messages, options(client, 500));
    expect(calls).toHaveLength(1);
    const counted = counts.filter((count) => count !== undefined);
    expect(counts.slice(0, -counted.length).every((count) => count === undefined)).toBe(true);
    expect(sumOf(counts)).toBeGreaterThan(500);
    // Bedrock agreed with the estimate here, so the spread gives each message its estimate back.
    expect(counts.at(-1)).toBe(estimateMessageTokens(messages.at(-1) as Message));
  });

  test("asks again for the next batch when the first one left the window short", async () => {
    const calls: string[] = [];
    // Bedrock counting a tenth of the estimate: the estimate-sized batch fills a tenth of the window.
    const client = {
      send: async (command: { input: { input: { converse: { messages: Message[] } } } }) => {
        const text = command.input.input.converse.messages[0]?.content?.[0]?.text ?? "";
        calls.push(text);
        return { inputTokens: Math.ceil(text.length / 40) };
      },
    };
    const counts = await new MessageTokenCounter("bedrock").countNewest(
      longHistory(2_000),
      options(client, 500),
    );
    expect(sumOf(counts)).toBeGreaterThan(500);
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.length).toBeLessThan(20);
  });

  test("keeps each request well under a model's context", async () => {
    const { client, calls } = countTokensClient();
    const big = Array.from({ length: 10 }, (_, index) => user(`${index} ${"word ".repeat(8_000)}`));
    await new MessageTokenCounter("bedrock").countNewest(big, options(client, 200_000));
    expect(calls.length).toBeGreaterThan(1);
    for (const { text } of calls) expect(text.length / 4).toBeLessThanOrEqual(32_000);
  });

  test("reads cached counts and counts only new messages, in one call", async () => {
    const { client, calls } = countTokensClient();
    const counter = new MessageTokenCounter("bedrock");
    const messages = longHistory(2_000);
    const first = await counter.countNewest(messages.slice(0, -2), options(client, 500));
    const second = await counter.countNewest(messages, options(client, 500));
    expect(calls).toHaveLength(2);
    expect(calls[1]?.text.split("\n\n")).toHaveLength(2);
    expect(second.slice(-50, -2)).toEqual(first.slice(-48));
  });

  test("passes the run's signal to every call", async () => {
    const { client, calls } = countTokensClient();
    const big = Array.from({ length: 4 }, (_, index) => user(`${index} ${"word ".repeat(20_000)}`));
    await new MessageTokenCounter("bedrock").countNewest(big, options(client, 200_000));
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.every((call) => call.abortSignal === signal)).toBe(true);
  });

  test("uses the estimate after CountTokens fails, and asks again a minute later", async () => {
    const { client, calls } = countTokensClient({ fail: true });
    const counter = new MessageTokenCounter("bedrock");
    let time = 0;
    const messages = longHistory(100);
    const counts = await counter.countNewest(
      messages,
      options(client, 50, () => time),
    );
    expect(counts.at(-1)).toBe(estimateMessageTokens(messages.at(-1) as Message));
    await counter.countNewest(
      messages,
      options(client, 50, () => time),
    );
    expect(calls).toHaveLength(1);
    time = 60_001;
    await counter.countNewest(
      messages,
      options(client, 50, () => time),
    );
    expect(calls).toHaveLength(2);
  });

  test("rethrows when the run is aborted", async () => {
    const controller = new AbortController();
    const client = {
      send: async () => {
        controller.abort();
        throw Object.assign(new Error("aborted"), { name: "AbortError" });
      },
    };
    const counter = new MessageTokenCounter("bedrock");
    const request = { ...options(client, 50), signal: controller.signal };
    await expect(counter.countNewest(longHistory(10), request)).rejects.toThrow("aborted");
  });
});

describe("spreadInProportion", () => {
  test("splits a total in proportion to the weights, summing to it exactly", () => {
    expect(spreadInProportion(100, [1, 1, 2])).toEqual([25, 25, 50]);
    const shares = spreadInProportion(10, [1, 1, 1]);
    expect(shares.reduce((sum, share) => sum + share, 0)).toBe(10);
    expect(shares.toSorted()).toEqual([3, 3, 4]);
  });
});
