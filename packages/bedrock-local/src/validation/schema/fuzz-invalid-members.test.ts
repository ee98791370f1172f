import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BedrockLocal, startBedrockLocal } from "../../start-bedrock-local.js";
import { invalidVariants } from "./invalid-variants.test-support.js";
import { inputShape } from "./sdk-shapes.js";
import {
  FUZZ_MODEL_ID,
  FUZZ_SIGNING_SECRET,
  fullApplyGuardrailBody,
  fullConverseBody,
  fullCountTokensBody,
  fullGuardrailChecksBody,
  fullStartAsyncInvokeBody,
} from "./valid-bodies.test-support.js";

let server: BedrockLocal;

beforeAll(async () => {
  server = await startBedrockLocal({
    signingSecret: FUZZ_SIGNING_SECRET,
    script: { models: { "*": { selection: "sequential", loop: true, turns: [{ text: "Fine." }] } } },
    guardrails: [{ id: "support", words: ["refund"] }],
  });
});
afterAll(() => server.close());

/** Posts a raw JSON body (the SDK would refuse to serialise most of these) and reads the answer. */
async function post(
  path: string,
  body: unknown,
): Promise<{ status: number; errorType: string; message: string }> {
  const response = await fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const errorType = (response.headers.get("x-amzn-errortype") ?? "").split(":")[0] ?? "";
  return { status: response.status, errorType, message: text };
}

const converseRequest = { messages: [{ role: "user", content: [{ text: "Hello" }] }] };

describe.each([
  {
    operation: "Converse" as const,
    path: `/model/${encodeURIComponent(FUZZ_MODEL_ID)}/converse`,
    valid: fullConverseBody,
    normal: converseRequest,
    atLeast: 300,
  },
  {
    operation: "ConverseStream" as const,
    path: `/model/${encodeURIComponent(FUZZ_MODEL_ID)}/converse-stream`,
    valid: fullConverseBody,
    normal: converseRequest,
    atLeast: 300,
  },
  {
    operation: "CountTokens" as const,
    path: `/model/${encodeURIComponent(FUZZ_MODEL_ID)}/count-tokens`,
    valid: fullCountTokensBody,
    normal: { input: { converse: converseRequest } },
    atLeast: 200,
  },
  {
    operation: "ApplyGuardrail" as const,
    path: "/guardrail/support/version/1/apply",
    valid: fullApplyGuardrailBody,
    normal: { source: "INPUT", content: [{ text: { text: "Hello" } }] },
    atLeast: 15,
  },
  {
    operation: "StartAsyncInvoke" as const,
    path: "/async-invoke",
    valid: fullStartAsyncInvokeBody,
    normal: fullStartAsyncInvokeBody("fuzz-token-2"),
    atLeast: 30,
  },
  {
    operation: "InvokeGuardrailChecks" as const,
    path: "/guardrail-checks/invoke",
    valid: fullGuardrailChecksBody,
    normal: {
      messages: [converseRequest.messages[0]],
      checks: { promptAttack: { categories: [{ category: "JAILBREAK" }] } },
    },
    atLeast: 50,
  },
])(
  "$operation bodies generated from the SDK's shapes, one member made invalid",
  ({ operation, path, valid, normal, atLeast }) => {
    const variants = invalidVariants(valid(), inputShape(operation));

    it("starts from a body Bedrock accepts, and generates corruptions of every member", async () => {
      const answer = await post(path, valid());
      expect(answer).toMatchObject({ status: 200, errorType: "" });
      expect(variants.length).toBeGreaterThan(atLeast);
    });

    it("answers every corruption with a 400 ValidationException or SerializationException", async () => {
      const wrong: string[] = [];
      for (const variant of variants) {
        const answer = await post(path, variant.body);
        const refused =
          answer.status === 400 &&
          ["ValidationException", "SerializationException"].includes(answer.errorType);
        if (!refused)
          wrong.push(
            `${variant.label} → ${answer.status} ${answer.errorType} ${answer.message.slice(0, 160)}`,
          );
      }
      expect(wrong).toEqual([]);
    });

    it("still answers a normal request afterwards", async () => {
      const answer = await post(path, normal);
      expect(answer.status).toBe(200);
    });
  },
);
