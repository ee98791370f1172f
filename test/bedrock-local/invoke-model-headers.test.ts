import {
  InvokeModelCommand,
  type InvokeModelCommandInput,
  InvokeModelWithResponseStreamCommand,
} from "@aws-sdk/client-bedrock-runtime";
import { describe, expect, test } from "vitest";
import { jsonBytes } from "./support/json-bytes.js";
import { rejectionOf } from "./support/sdk-clients.js";
import { serveForSuite } from "./support/suite-server.js";

const local = serveForSuite({
  script: {
    models: {
      leaky: { loop: true, turns: [{ text: "Write to me at ana@example.com." }] },
      "*": { loop: true, turns: [{ text: "Fine." }] },
    },
  },
  guardrails: [
    {
      id: "safety",
      blockedInputMessaging: "Input blocked.",
      deniedTopics: [{ name: "Investing", keywords: ["stocks"] }],
      piiEntities: [{ type: "EMAIL", action: "ANONYMIZE" }],
    },
  ],
});

function claudeBody(text: string) {
  return jsonBytes({
    anthropic_version: "bedrock-2023-05-31",
    max_tokens: 50,
    messages: [{ role: "user", content: text }],
  });
}

async function invoke(input: Partial<InvokeModelCommandInput>, modelId = "any") {
  const output = await local.client.send(
    new InvokeModelCommand({ modelId, contentType: "application/json", body: claudeBody("Hello"), ...input }),
  );
  return { ...output, json: JSON.parse(new TextDecoder().decode(output.body)) as Record<string, unknown> };
}

async function rejectedWith(input: Partial<InvokeModelCommandInput>) {
  const error = (await rejectionOf(invoke(input))) as Error & { $metadata: { httpStatusCode?: number } };
  return { name: error.name, message: error.message, status: error.$metadata.httpStatusCode };
}

describe("InvokeModel's request headers", () => {
  test("echoes the performance setting and service tier the request asked for", async () => {
    const output = await invoke({ performanceConfigLatency: "optimized", serviceTier: "flex" });
    expect(output.performanceConfigLatency).toBe("optimized");
    expect(output.serviceTier).toBe("flex");
    const plain = await invoke({});
    expect(plain.performanceConfigLatency).toBeUndefined();
    expect(plain.serviceTier).toBeUndefined();
  });

  test("the stream echoes them too", async () => {
    const output = await local.client.send(
      new InvokeModelWithResponseStreamCommand({
        modelId: "any",
        body: claudeBody("Hello"),
        performanceConfigLatency: "standard",
        serviceTier: "priority",
      }),
    );
    for await (const _ of output.body ?? []);
    expect(output.performanceConfigLatency).toBe("standard");
    expect(output.serviceTier).toBe("priority");
  });

  test("checks trace, latency and service tier against their enums, listing every violation", async () => {
    const rejection = await rejectedWith({
      trace: "ON" as never,
      performanceConfigLatency: "fast" as never,
      serviceTier: "gold" as never,
    });
    expect(rejection).toEqual({
      name: "ValidationException",
      status: 400,
      message:
        "3 validation errors detected: Value 'ON' at 'trace' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED, ENABLED_FULL]; Value 'fast' at 'performanceConfigLatency' failed to satisfy constraint: Member must satisfy enum value set: [standard, optimized]; Value 'gold' at 'serviceTier' failed to satisfy constraint: Member must satisfy enum value set: [default, flex, priority, reserved]",
    });
    for (const trace of ["ENABLED", "DISABLED", "ENABLED_FULL"] as const)
      expect((await invoke({ trace })).$metadata.httpStatusCode).toBe(200);
  });

  test("accepts request metadata that is a JSON object of allowed strings, and logs it with the request", async () => {
    const requestMetadata = JSON.stringify({ team: "agents", "env:stage": "ci-1", empty: "" });
    expect((await invoke({ requestMetadata })).$metadata.httpStatusCode).toBe(200);
    expect(local.server.requests.at(-1)?.headers["x-amzn-bedrock-request-metadata"]).toBe(requestMetadata);
    const sixteen = Object.fromEntries(Array.from({ length: 16 }, (_, index) => [`k${index}`, "v"]));
    expect((await invoke({ requestMetadata: JSON.stringify(sixteen) })).$metadata.httpStatusCode).toBe(200);
  });

  test.each([
    ["not JSON", "{team", "it is not valid JSON"],
    ["an array", '["a"]', "it must be a JSON object of string keys and string values"],
    ["a number value", '{"count":3}', "the value of key 'count' is not a string"],
    ["an empty key", '{"":"x"}', "key '' must be 1 to 256 characters long"],
    [
      "a long value",
      JSON.stringify({ k: "v".repeat(257) }),
      "the value of key 'k' must be at most 256 characters long",
    ],
    [
      "a key with a forbidden character",
      '{"a*b":"x"}',
      "key 'a*b' must satisfy the pattern [a-zA-Z0-9\\s:_@$#=/+,-.]{1,256}",
    ],
    [
      "17 entries",
      JSON.stringify(Object.fromEntries(Array.from({ length: 17 }, (_, index) => [`k${index}`, "v"]))),
      "it has 17 entries; at most 16 are allowed",
    ],
  ])("rejects request metadata that is %s", async (_, requestMetadata, reason) => {
    expect(await rejectedWith({ requestMetadata })).toEqual({
      name: "ValidationException",
      status: 400,
      message: `The X-Amzn-Bedrock-Request-Metadata header is invalid: ${reason}.`,
    });
  });

  test("wants the guardrail identifier and version together", async () => {
    expect((await rejectedWith({ guardrailIdentifier: "safety" })).message).toBe(
      "Guardrail version is required when a guardrail identifier is provided.",
    );
    expect((await rejectedWith({ guardrailVersion: "1" })).message).toBe(
      "Guardrail identifier is required when a guardrail version is provided.",
    );
  });
});

describe("a guardrail named by InvokeModel's headers", () => {
  test("needs a JSON content type, as Bedrock documents", async () => {
    expect(
      await rejectedWith({ guardrailIdentifier: "safety", guardrailVersion: "1", contentType: "text/plain" }),
    ).toEqual({
      name: "ValidationException",
      status: 400,
      message: "A guardrail can only be applied when the content type is application/json.",
    });
  });

  test("an unknown guardrail is the error Converse gives", async () => {
    expect(await rejectedWith({ guardrailIdentifier: "nope", guardrailVersion: "1" })).toEqual({
      name: "ValidationException",
      status: 400,
      message: "The guardrail identifier or version provided in the request does not exist.",
    });
  });

  test("a clean exchange is marked NONE, with no trace unless asked for", async () => {
    const { json } = await invoke({ guardrailIdentifier: "safety", guardrailVersion: "1" });
    expect(json["amazon-bedrock-guardrailAction"]).toBe("NONE");
    expect(json["amazon-bedrock-trace"]).toBeUndefined();
    expect(json.content).toEqual([{ type: "text", text: "Fine." }]);
  });

  test("a blocked input is answered with the blocked message, marked INTERVENED, the trace holding the input assessment", async () => {
    const { json } = await invoke({
      body: claudeBody("Which stocks should I buy?"),
      guardrailIdentifier: "safety",
      guardrailVersion: "DRAFT",
      trace: "ENABLED",
    });
    expect(json.content).toEqual([{ type: "text", text: "Input blocked." }]);
    expect(json["amazon-bedrock-guardrailAction"]).toBe("INTERVENED");
    const trace = json["amazon-bedrock-trace"] as { guardrail: { input: Record<string, unknown> } };
    expect(trace.guardrail.input.safety).toMatchObject({
      topicPolicy: { topics: [{ name: "Investing", action: "BLOCKED" }] },
    });
  });

  test("an output is masked and the masking reported in the trace's outputs", async () => {
    const { json } = await invoke(
      { guardrailIdentifier: "safety", guardrailVersion: "1", trace: "ENABLED" },
      "leaky",
    );
    expect(json.content).toEqual([{ type: "text", text: "Write to me at {EMAIL}." }]);
    expect(json["amazon-bedrock-guardrailAction"]).toBe("INTERVENED");
    const trace = json["amazon-bedrock-trace"] as { guardrail: { outputs: Record<string, unknown>[] } };
    expect(trace.guardrail.outputs[0]?.safety).toMatchObject({
      sensitiveInformationPolicy: { piiEntities: [{ type: "EMAIL", action: "ANONYMIZED" }] },
    });
  });

  test("the stream carries the guardrail's action on its last chunk", async () => {
    const output = await local.client.send(
      new InvokeModelWithResponseStreamCommand({
        modelId: "leaky",
        contentType: "application/json",
        body: claudeBody("Hello"),
        guardrailIdentifier: "safety",
        guardrailVersion: "1",
      }),
    );
    const chunks: Record<string, unknown>[] = [];
    for await (const event of output.body ?? [])
      if (event.chunk?.bytes) chunks.push(JSON.parse(new TextDecoder().decode(event.chunk.bytes)));
    const text = chunks
      .flatMap((chunk) =>
        chunk.type === "content_block_delta" ? [(chunk.delta as { text: string }).text] : [],
      )
      .join("");
    expect(text).toBe("Write to me at {EMAIL}.");
    expect(chunks.at(-1)).toMatchObject({
      type: "message_stop",
      "amazon-bedrock-guardrailAction": "INTERVENED",
    });
  });
});
