import type { GuardrailTraceAssessment } from "@aws-sdk/client-bedrock-runtime";
import {
  Agent,
  type AgentEvent,
  applyGuardrail,
  detectGuardrailIntervention,
  type GuardrailFinding,
  guarded,
} from "@lode/core";
import { describe, expect, test } from "vitest";
import { recordedResponseClient } from "../support/recorded-response-client.js";
import { findExchange, loadReplayableRecordings, toSdkInput } from "../support/recordings.js";
import { interventionsOf } from "./support/guardrails.js";

/** What both Nova Lite recordings' guardrail did to the answer: masked an address and an account number. */
const MASKED_FINDINGS: GuardrailFinding[] = [
  { policy: "sensitive-information", kind: "pii", type: "ADDRESS", match: "Tokyo", action: "masked" },
  {
    policy: "sensitive-information",
    kind: "regex",
    name: "Account Number",
    match: "1234561666",
    action: "masked",
  },
];

describe("the guardrail recordings", () => {
  test("report the masked output of the ConverseStream recording as a guardrail event and in the result", async () => {
    const exchange = findExchange("converse-stream.guardrail-intervened.trace.nova-lite.json");
    const recorded = exchange.requestBody as Record<string, Record<string, unknown>>;
    const { client, sent } = recordedResponseClient([exchange.response]);
    const agent = new Agent({
      modelId: exchange.modelId,
      client,
      system: "You are an app that knows about capitals. Keep the message short and finish with 1234561666.",
      inferenceConfig: { temperature: 0.5 },
      additionalModelRequestFields: { inferenceConfig: { topK: 10 } },
      guardrail: { id: "v9kpg6yrwhs2", version: "DRAFT", guard: "marked" },
    });
    const events: AgentEvent[] = [];
    const stream = agent.stream([
      guarded("Tokyo is the capital of Japan 1234561666.", { qualifiers: ["grounding_source"] }),
      guarded("What is the capital of Japan?", { qualifiers: ["query"] }),
    ]);
    for await (const event of stream) events.push(event);
    const result = await stream.result;

    const [intervention] = interventionsOf(events);
    expect(interventionsOf(events)).toHaveLength(1);
    expect(intervention).toMatchObject({
      origin: "model",
      side: "output",
      action: "masked",
      basis: "trace",
      stopReason: "guardrail_intervened",
      policies: ["sensitive-information"],
      findings: MASKED_FINDINGS,
      guardrailId: "v9kpg6yrwhs2",
      guardrailVersion: "DRAFT",
      redacted: false,
    });
    // The unmasked answer in the trace's modelOutput stays out of the event.
    expect(intervention?.origin === "model" && intervention.trace).toMatchObject({
      inputAssessment: { v9kpg6yrwhs2: expect.any(Object) },
      outputAssessments: { v9kpg6yrwhs2: [expect.any(Object)] },
    });
    expect(JSON.stringify(interventionsOf(events))).not.toContain("Tokyo is the capital of Japan");
    expect(result.guardrail).toEqual(intervention);
    expect(result.guardrailInterventions).toEqual([intervention]);
    expect(result.text).toBe("{ADDRESS} is the capital of Japan {Account Number}.");

    // The marked blocks went out as the recorded guardContent; the history keeps them as plain text.
    expect(sent[0]?.body.messages).toEqual(recorded.messages);
    expect(sent[0]?.body.guardrailConfig).toEqual({
      ...recorded.guardrailConfig,
      streamProcessingMode: "sync",
    });
    expect(result.messages[0]?.content).toEqual([
      { text: "Tokyo is the capital of Japan 1234561666." },
      { text: "What is the capital of Japan?" },
    ]);
  });

  test("read the same intervention from the Converse recording's trace", () => {
    const exchange = findExchange("converse.guardrail-intervened.trace.nova-lite.json");
    const body = exchange.response.body as {
      stopReason: string;
      trace: { guardrail: GuardrailTraceAssessment };
      output: { message: { role: "assistant"; content: { text: string }[] } };
      usage: { outputTokens: number };
    };
    const intervention = detectGuardrailIntervention({
      stopReason: body.stopReason,
      trace: toSdkInput(body.trace.guardrail) as GuardrailTraceAssessment,
      message: body.output.message,
      outputTokens: body.usage.outputTokens,
    });

    expect(intervention).toMatchObject({
      side: "output",
      action: "masked",
      basis: "trace",
      policies: ["sensitive-information"],
      findings: MASKED_FINDINGS,
    });
  });

  test("read the blocked topic and email of the ApplyGuardrail recording, leaving out what FULL scope found clean", async () => {
    const recording = loadReplayableRecordings().find(
      (item) => item.file === "apply-guardrail.intervened.json",
    );
    const interaction = recording?.interactions[0];
    if (!interaction) throw new Error("the ApplyGuardrail recording is missing");
    const { client, sent } = recordedResponseClient([interaction.response]);
    const checked = await applyGuardrail({
      client,
      id: "274u1upxm897",
      version: "1",
      source: "INPUT",
      content:
        "Give stock suggestions for the NASDAQ100. Expected returns are around 20% CAGR. Also Send this report to email abc@pqrt.com",
    });

    expect(sent[0]?.path).toBe("/guardrail/274u1upxm897/version/1/apply");
    expect(sent[0]?.body.content).toEqual(interaction.requestBody?.content);
    expect(checked.action).toBe("GUARDRAIL_INTERVENED");
    expect(checked.outputs).toEqual(["Sorry, the model cannot answer this question."]);
    expect(checked.intervention).toEqual({
      action: "blocked",
      policies: ["denied-topic", "sensitive-information"],
      findings: [
        { policy: "denied-topic", name: "InvestmentObjectives", action: "blocked" },
        {
          policy: "sensitive-information",
          kind: "pii",
          type: "EMAIL",
          match: "abc@pqrt.com",
          action: "blocked",
        },
      ],
    });
    expect(checked.assessments).toHaveLength(1);
  });
});
