import { describe, expect, test } from "vitest";
import { estimateMessageTokens } from "./count-message-tokens.js";
import {
  answers,
  asksTool,
  countTokensClient,
  longHistory,
  requestFor,
  says,
  user,
} from "./test-messages.test-support.js";
import { tokenBudget } from "./token-budget.js";

const history = [user("q1"), says("a1"), user("q2"), asksTool("t2"), answers("t2"), says("a2"), user("q3")];
const estimateOf = (messages: typeof history) =>
  messages.reduce((sum, message) => sum + estimateMessageTokens(message), 0);

describe("tokenBudget", () => {
  test("keeps the latest messages that fit, measured with one CountTokens request", async () => {
    const { client, calls } = countTokensClient();
    const budget = estimateOf(history.slice(4));
    const prepared = await tokenBudget({ maxTokens: budget }).prepare(requestFor(history, 0, client));
    // The last 3 messages fit, starting at tool results; the window moves past them and the model's
    // turn after them to the prompt q3.
    expect(prepared).toEqual(history.slice(6));
    expect(calls).toHaveLength(1);
  });

  test("counts only the newest messages of a long session, in a single request", async () => {
    const { client, calls } = countTokensClient();
    const messages = longHistory(2_000);
    const budget = estimateOf(messages.slice(-41));
    const prepared = await tokenBudget({ maxTokens: budget }).prepare(requestFor(messages, 0, client));
    expect(prepared).toEqual(messages.slice(-41));
    expect(calls).toHaveLength(1);
    // The batch held the window and a margin, not the session.
    expect(calls[0]?.text.split("\n\n").length).toBeLessThan(60);
  });

  test("counts only the new messages on the next request, in one call", async () => {
    const { client, calls } = countTokensClient();
    const strategy = tokenBudget({ maxTokens: 1000 });
    await strategy.prepare(requestFor(history, 0, client));
    await strategy.prepare(requestFor([...history, says("a3"), user("q4")], 0, client));
    expect(calls).toHaveLength(2);
    expect(calls[1]?.text).toBe("Assistant: a3\n\nUser: q4");
  });

  test("reads the cached counts on an overflow retry", async () => {
    const { client, calls } = countTokensClient();
    const strategy = tokenBudget({ maxTokens: 1000 });
    await strategy.prepare(requestFor(history, 0, client));
    await strategy.prepare(requestFor(history, 1, client));
    expect(calls).toHaveLength(1);
  });

  test("falls back to the local estimate when CountTokens fails", async () => {
    const { client, calls } = countTokensClient({ fail: true });
    const small = estimateMessageTokens(user("q3"));
    const prepared = await tokenBudget({ maxTokens: small }).prepare(requestFor(history, 0, client));
    expect(prepared).toEqual([user("q3")]);
    expect(calls).toHaveLength(1);
  });

  test("keeps the latest tool pair whole even past the budget", async () => {
    const inLoop = [user("q"), asksTool("t1"), answers("t1")];
    const prepared = await tokenBudget({ maxTokens: 1, countTokens: "estimate" }).prepare(requestFor(inLoop));
    expect(prepared.slice(-2)).toEqual(inLoop.slice(-2));
    expect(prepared[0]?.role).toBe("user");
  });
});
