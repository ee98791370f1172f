import { CountTokensCommand } from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, test } from "vitest";
import { estimateMessageTokens } from "./count-message-tokens.js";
import { answers, asksTool, requestFor, says, user } from "./test-messages.test-support.js";
import { tokenBudget } from "./token-budget.js";

/** A client whose CountTokens answers 10 tokens a message (or fails), counting its calls. */
function countingClient(options: { fail?: boolean } = {}) {
  const calls: CountTokensCommand[] = [];
  return {
    calls,
    send: async (command: unknown) => {
      if (!(command instanceof CountTokensCommand)) throw new Error("unexpected command");
      calls.push(command);
      if (options.fail) throw Object.assign(new Error("no"), { name: "ValidationException" });
      return { inputTokens: 10 };
    },
  };
}

const history = [user("q1"), says("a1"), user("q2"), asksTool("t2"), answers("t2"), says("a2"), user("q3")];

describe("tokenBudget", () => {
  test("keeps the latest messages that fit, measured with CountTokens", async () => {
    const client = countingClient();
    const prepared = await tokenBudget({ maxTokens: 35 }).prepare(requestFor(history, 0, client));
    // The last 3 messages fit, starting at tool results; the window moves past them and the model's
    // turn after them to the prompt q3.
    expect(prepared).toEqual(history.slice(6));
    expect(client.calls).toHaveLength(history.length);
  });

  test("counts each message once, then reads the cache", async () => {
    const client = countingClient();
    const strategy = tokenBudget({ maxTokens: 1000 });
    await strategy.prepare(requestFor(history, 0, client));
    await strategy.prepare(requestFor([...history, says("a3"), user("q4")], 0, client));
    expect(client.calls).toHaveLength(history.length + 2);
  });

  test("falls back to the local estimate when CountTokens fails", async () => {
    const client = countingClient({ fail: true });
    const small = estimateMessageTokens(user("q3"));
    const prepared = await tokenBudget({ maxTokens: small }).prepare(requestFor(history, 0, client));
    expect(prepared).toEqual([user("q3")]);
    expect(client.calls.length).toBeGreaterThan(0);
  });

  test("keeps the latest tool pair whole even past the budget", async () => {
    const inLoop = [user("q"), asksTool("t1"), answers("t1")];
    const prepared = await tokenBudget({ maxTokens: 1, countTokens: "estimate" }).prepare(requestFor(inLoop));
    expect(prepared.slice(-2)).toEqual(inLoop.slice(-2));
    expect(prepared[0]?.role).toBe("user");
  });
});
