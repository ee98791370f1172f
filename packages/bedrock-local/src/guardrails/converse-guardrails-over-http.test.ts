import { readFileSync } from "node:fs";
import {
  BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandInput,
  ConverseStreamCommand,
  type ConverseStreamCommandInput,
  type ConverseStreamOutput,
  type GuardrailAssessment,
  ValidationException,
} from "@aws-sdk/client-bedrock-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BedrockLocal, startBedrockLocal } from "../start-bedrock-local.js";

const recording = (name: string) =>
  JSON.parse(
    readFileSync(
      new URL(`../../../../../shared/fixtures/bedrock-recordings/${name}`, import.meta.url),
      "utf8",
    ),
  );

/** What the recorded Nova Lite exchanges sent and got back (a Converse body and its trace). */
const RECORDED_CONVERSE = recording("converse.guardrail-intervened.trace.nova-lite.json").interactions[0];
const RECORDED_STREAM = recording("converse-stream.guardrail-intervened.trace.nova-lite.json")
  .interactions[0];
const RECORDED_STREAM_TRACE = RECORDED_STREAM.response.events.find(
  (event: { headers: Record<string, string> }) => event.headers[":event-type"] === "metadata",
).payload.trace;

const CAPITALS_ANSWER = "Tokyo: write to a@japan.jp re 1234561666.";
const CAPITALS_MASKED = "Tokyo: write to {EMAIL} re {Account Number}.";

describe("Converse and ConverseStream guardrails over HTTP with the real SDK", () => {
  let server: BedrockLocal;
  let client: BedrockRuntimeClient;

  beforeAll(async () => {
    server = await startBedrockLocal({
      guardrails: [
        {
          id: "support",
          blockedInputMessaging: "I can't help with that.",
          blockedOutputsMessaging: "I can't share that.",
          deniedTopics: [{ name: "Investing", keywords: ["stock tips"] }],
          words: ["confidential"],
          piiEntities: [
            { type: "EMAIL", action: "ANONYMIZE" },
            { type: "CREDIT_DEBIT_CARD_NUMBER", action: "BLOCK" },
          ],
        },
        // The recorded guardrail's id and regex; EMAIL stands in for the recordings' ADDRESS, not modelled here.
        {
          id: "v9kpg6yrwhs2",
          regexes: [{ name: "Account Number", pattern: "\\b\\d{6}\\d{4}\\b", action: "ANONYMIZE" }],
          piiEntities: [{ type: "EMAIL", action: "ANONYMIZE" }],
        },
      ],
      script: {
        models: {
          counter: {
            selection: "sequential",
            turns: [{ text: "First answer." }, { text: "Second answer." }],
          },
          plain: { loop: true, turns: [{ text: "Happy to help." }] },
          leaky: { loop: true, turns: [{ text: "Write to ana@example.com for details." }] },
          secretive: {
            loop: true,
            turns: [{ text: "Sure. This is confidential material. More text follows here." }],
          },
          "masked-reader": {
            loop: true,
            turns: [{ text: "Noted.", expect: { lastUserText: "Reach me at {EMAIL} please" } }],
          },
          // As long as the recorded answer (41 characters), with an email for the PII finding.
          capitals: { loop: true, turns: [{ text: CAPITALS_ANSWER }] },
        },
      },
    });
    client = new BedrockRuntimeClient({ ...server.clientConfig, maxAttempts: 1 });
  });
  afterAll(async () => {
    client?.destroy();
    await server?.close();
  });

  type Guardrail = NonNullable<ConverseStreamCommandInput["guardrailConfig"]>;
  const support = (settings: Partial<Guardrail> = {}): Guardrail => ({
    guardrailIdentifier: "support",
    guardrailVersion: "DRAFT",
    ...settings,
  });
  const converse = (
    modelId: string,
    text: string,
    guardrail: Guardrail,
    more: Partial<ConverseCommandInput> = {},
  ) =>
    client.send(
      new ConverseCommand({
        modelId,
        messages: [{ role: "user", content: [{ text }] }],
        guardrailConfig: guardrail,
        ...more,
      }),
    );
  const stream = async (modelId: string, text: string, guardrail: Guardrail) => {
    const response = await client.send(
      new ConverseStreamCommand({
        modelId,
        messages: [{ role: "user", content: [{ text }] }],
        guardrailConfig: guardrail,
      }),
    );
    const events: ConverseStreamOutput[] = [];
    for await (const event of response.stream ?? []) events.push(event);
    return events;
  };
  /** The streamed text of each content block, by index. */
  const blockTexts = (events: ConverseStreamOutput[]) => {
    const texts: string[] = [];
    for (const event of events) {
      const delta = event.contentBlockDelta;
      if (delta?.delta?.text !== undefined)
        texts[delta.contentBlockIndex ?? 0] = (texts[delta.contentBlockIndex ?? 0] ?? "") + delta.delta.text;
    }
    return texts;
  };
  const stopReasonOf = (events: ConverseStreamOutput[]) =>
    events.find((event) => event.messageStop)?.messageStop?.stopReason;
  const metadataOf = (events: ConverseStreamOutput[]) => events.find((event) => event.metadata)?.metadata;

  describe("on the input", () => {
    it("blocks a denied topic before the model, with the assessment keyed by guardrail id", async () => {
      const response = await converse("counter", "Any stock tips today?", support({ trace: "enabled" }));
      expect(response.output?.message?.content).toEqual([{ text: "I can't help with that." }]);
      expect(response.stopReason).toBe("guardrail_intervened");
      expect(response.usage).toEqual({ inputTokens: 0, outputTokens: 0, totalTokens: 0 });
      const trace = response.trace?.guardrail;
      expect(trace?.actionReason).toBe("Guardrail blocked.");
      expect(Object.keys(trace?.inputAssessment ?? {})).toEqual(["support"]);
      expect(trace?.inputAssessment?.support?.topicPolicy?.topics).toEqual([
        { name: "Investing", type: "DENY", action: "BLOCKED", detected: true },
      ]);
      expect(trace?.outputAssessments).toBeUndefined();
      expect(trace?.modelOutput).toBeUndefined();

      // The model never ran: the sequential script still answers with its first turn.
      const next = await converse("counter", "Hello", support({ trace: "enabled" }));
      expect(next.output?.message?.content).toEqual([{ text: "First answer." }]);
      expect(next.stopReason).toBe("end_turn");
    });

    it("still stops with guardrail_intervened when the trace is disabled, and sends no trace", async () => {
      for (const guardrail of [support(), support({ trace: "disabled" })]) {
        const response = await converse("leaky", "Charge 4111 1111 1111 1111 please", guardrail);
        expect(response.output?.message?.content).toEqual([{ text: "I can't help with that." }]);
        expect(response.stopReason).toBe("guardrail_intervened");
        expect(response.trace).toBeUndefined();
      }
      const events = await stream("leaky", "Any stock tips?", support({ trace: "disabled" }));
      expect(blockTexts(events)).toEqual(["I can't help with that."]);
      expect(stopReasonOf(events)).toBe("guardrail_intervened");
      expect(metadataOf(events)?.trace).toBeUndefined();
      expect(metadataOf(events)?.usage).toEqual({ inputTokens: 0, outputTokens: 0, totalTokens: 0 });
    });

    it("streams a blocked input's message as one delta, with the input assessment in metadata", async () => {
      const events = await stream("secretive", "Any stock tips?", support({ trace: "enabled" }));
      expect(events.filter((event) => event.contentBlockDelta)).toHaveLength(1);
      expect(blockTexts(events)).toEqual(["I can't help with that."]);
      expect(stopReasonOf(events)).toBe("guardrail_intervened");
      expect(
        metadataOf(events)?.trace?.guardrail?.inputAssessment?.support?.topicPolicy?.topics?.[0]?.name,
      ).toBe("Investing");
    });

    it("masks anonymized PII in the request the model reads, without blocking", async () => {
      // The script's expectation only holds if the model sees the masked text.
      const response = await converse(
        "masked-reader",
        "Reach me at ana@example.com please",
        support({ trace: "enabled" }),
      );
      expect(response.output?.message?.content).toEqual([{ text: "Noted." }]);
      expect(response.stopReason).toBe("end_turn");
      expect(response.trace?.guardrail?.actionReason).toBe("Guardrail masked.\nNo action.");
      expect(
        response.trace?.guardrail?.inputAssessment?.support?.sensitiveInformationPolicy?.piiEntities,
      ).toEqual([{ match: "ana@example.com", type: "EMAIL", action: "ANONYMIZED", detected: true }]);
      expect(server.requests.at(-1)?.body).toMatchObject({
        messages: [{ content: [{ text: "Reach me at ana@example.com please" }] }],
      });
    });

    it("assesses only the guardContent blocks when a message has some", async () => {
      const response = await client.send(
        new ConverseCommand({
          modelId: "leaky",
          messages: [
            {
              role: "user",
              content: [{ text: "Any stock tips?" }, { guardContent: { text: { text: "Hello there" } } }],
            },
          ],
          guardrailConfig: support({ trace: "enabled" }),
        }),
      );
      expect(response.trace?.guardrail?.actionReason).toBe("No action.\nGuardrail masked.");
      expect(
        response.trace?.guardrail?.inputAssessment?.support?.invocationMetrics?.guardrailCoverage,
      ).toEqual({
        textCharacters: { guarded: 11, total: 11 },
      });
    });
  });

  describe("on the output", () => {
    it("replaces a blocked answer with the blocked-output message and keeps the model's in modelOutput", async () => {
      const response = await converse("secretive", "Tell me", support({ trace: "enabled" }));
      expect(response.output?.message?.content).toEqual([{ text: "I can't share that." }]);
      expect(response.stopReason).toBe("guardrail_intervened");
      expect(response.usage?.outputTokens).toBeGreaterThan(0);
      const trace = response.trace?.guardrail;
      expect(trace?.actionReason).toBe("No action.\nGuardrail blocked.");
      expect(trace?.outputAssessments?.support?.[0]?.wordPolicy?.customWords).toEqual([
        { match: "confidential", action: "BLOCKED", detected: true },
      ]);
      const modelOutput = JSON.parse(trace?.modelOutput?.[0] ?? "{}");
      expect(modelOutput.output.message.content).toEqual([
        { text: "Sure. This is confidential material. More text follows here." },
      ]);
      expect(modelOutput.stopReason).toBe("end_turn");
    });

    it("masks an email in the answer, stopping with guardrail_intervened, and reports in full with enabled_full", async () => {
      const response = await converse("leaky", "How do I reach you?", support({ trace: "enabled_full" }));
      expect(response.output?.message?.content).toEqual([{ text: "Write to {EMAIL} for details." }]);
      expect(response.stopReason).toBe("guardrail_intervened");
      const trace = response.trace?.guardrail;
      expect(trace?.actionReason).toBe("No action.\nGuardrail masked.");
      expect(JSON.parse(trace?.modelOutput?.[0] ?? "{}").output.message.content).toEqual([
        { text: "Write to ana@example.com for details." },
      ]);
      const assessment = trace?.outputAssessments?.support?.[0];
      expect(assessment?.sensitiveInformationPolicy?.piiEntities).toEqual([
        { match: "ana@example.com", type: "EMAIL", action: "ANONYMIZED", detected: true },
        { match: "", type: "CREDIT_DEBIT_CARD_NUMBER", action: "NONE", detected: false },
      ]);
      expect(assessment?.topicPolicy?.topics).toEqual([
        { name: "Investing", type: "DENY", action: "NONE", detected: false },
      ]);
      // With "enabled" only what was found is listed.
      const brief = await converse("leaky", "How do I reach you?", support({ trace: "enabled" }));
      expect(brief.trace?.guardrail?.outputAssessments?.support?.[0]?.topicPolicy).toBeUndefined();
      expect(brief.trace?.guardrail?.modelOutput).toHaveLength(1);
    });

    it("leaves a clean answer alone and still reports both assessments", async () => {
      const response = await converse("plain", "Hello", support({ trace: "enabled" }));
      expect(response.stopReason).toBe("end_turn");
      const trace = response.trace?.guardrail;
      expect(trace?.actionReason).toBe("No action.\nNo action.");
      expect(trace?.modelOutput).toBeUndefined();
      expect(
        trace?.outputAssessments?.support?.[0]?.invocationMetrics?.guardrailCoverage?.textCharacters,
      ).toEqual({
        guarded: 14,
        total: 14,
      });
    });
  });

  describe("ConverseStream processing modes", () => {
    it("in sync mode sends none of a blocked answer, only the blocked-output message", async () => {
      for (const guardrail of [
        support({ trace: "enabled" }),
        support({ trace: "enabled", streamProcessingMode: "sync" }),
      ]) {
        const events = await stream("secretive", "Tell me", guardrail);
        expect(blockTexts(events)).toEqual(["I can't share that."]);
        expect(stopReasonOf(events)).toBe("guardrail_intervened");
        const trace = metadataOf(events)?.trace?.guardrail;
        expect(trace?.outputAssessments?.support?.[0]?.wordPolicy?.customWords?.[0]?.match).toBe(
          "confidential",
        );
        expect(trace?.modelOutput).toEqual(["Sure. This is confidential material. More text follows here."]);
      }
    });

    it("in sync mode streams the masked answer, never the email", async () => {
      const events = await stream("leaky", "How do I reach you?", support({ trace: "enabled" }));
      expect(blockTexts(events)).toEqual(["Write to {EMAIL} for details."]);
      expect(events.some((event) => event.contentBlockDelta?.delta?.text?.includes("@"))).toBe(false);
      expect(stopReasonOf(events)).toBe("guardrail_intervened");
      expect(metadataOf(events)?.trace?.guardrail?.modelOutput).toEqual([
        "Write to ana@example.com for details.",
      ]);
    });

    it("in async mode streams as generated and stops at the block, ending with the blocked-output message", async () => {
      const events = await stream(
        "secretive",
        "Tell me",
        support({ trace: "enabled", streamProcessingMode: "async" }),
      );
      // The chunk that completed the blocked word had already gone out; nothing after it did.
      expect(blockTexts(events)).toEqual(["Sure. This is confidential material.", "I can't share that."]);
      expect(
        events
          .filter((event) => event.contentBlockStop)
          .map((event) => event.contentBlockStop?.contentBlockIndex),
      ).toEqual([0, 1]);
      expect(stopReasonOf(events)).toBe("guardrail_intervened");
      const metadata = metadataOf(events);
      expect(metadata?.usage?.outputTokens).toBeGreaterThan(0);
      expect(
        metadata?.trace?.guardrail?.outputAssessments?.support?.[0]?.wordPolicy?.customWords?.[0]?.match,
      ).toBe("confidential");
      expect(metadata?.trace?.guardrail?.modelOutput).toEqual(["Sure. This is confidential material."]);
    });

    it("in async mode does not mask: the email goes out and is only reported", async () => {
      const events = await stream(
        "leaky",
        "How do I reach you?",
        support({ trace: "enabled", streamProcessingMode: "async" }),
      );
      expect(blockTexts(events)).toEqual(["Write to ana@example.com for details."]);
      expect(stopReasonOf(events)).toBe("end_turn");
      const trace = metadataOf(events)?.trace?.guardrail;
      expect(
        trace?.outputAssessments?.support?.[0]?.sensitiveInformationPolicy?.piiEntities?.[0],
      ).toMatchObject({
        type: "EMAIL",
        action: "ANONYMIZED",
      });
      expect(trace?.modelOutput).toBeUndefined();
    });
  });

  describe("a guardrail that does not exist", () => {
    const NOT_FOUND = "The guardrail identifier or version provided in the request does not exist.";

    it("is the ValidationException Bedrock sends, for an unknown id or version, on both operations", async () => {
      for (const guardrail of [
        { guardrailIdentifier: "nope", guardrailVersion: "DRAFT" },
        { guardrailIdentifier: "support", guardrailVersion: "7" },
      ]) {
        const converseError = await converse("counter", "Hello", guardrail).catch((error: unknown) => error);
        expect(converseError).toBeInstanceOf(ValidationException);
        expect((converseError as ValidationException).message).toBe(NOT_FOUND);
        const streamError = await stream("counter", "Hello", guardrail).catch((error: unknown) => error);
        expect(streamError).toBeInstanceOf(ValidationException);
        expect((streamError as ValidationException).message).toBe(NOT_FOUND);
      }
      expect(server.requests.at(-1)?.status).toBe(400);
    });

    it("rejects a trace or processing mode outside AWS's enums", async () => {
      const error = await stream("counter", "Hello", support({ trace: "verbose" as "enabled" })).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(ValidationException);
      expect((error as ValidationException).message).toBe(
        "1 validation error detected: Value 'verbose' at 'guardrailConfig.trace' failed to satisfy constraint: " +
          "Member must satisfy enum value set: [enabled, disabled, enabled_full]",
      );
    });
  });

  describe("trace shapes against the recordings", () => {
    /** Every key path of a JSON value, list positions collapsed to `[]`. */
    const keyPaths = (value: unknown, prefix = ""): string[] => {
      if (Array.isArray(value)) return value.flatMap((item) => keyPaths(item, `${prefix}[]`));
      if (value && typeof value === "object")
        return Object.entries(value).flatMap(([key, item]) => [
          `${prefix}.${key}`,
          ...keyPaths(item, `${prefix}.${key}`),
        ]);
      return [];
    };
    /**
     * Keys newer Bedrock responses carry that these recordings predate (a 2025 capture of the same trace has
     * them all): `detected` on findings, three more usage counters, and the trace's `actionReason`.
     */
    const NEWER_KEYS = [
      /\.detected$/,
      /\.usage\.(automatedReasoningPolicies|automatedReasoningPolicyUnits|contentPolicyImageUnits)$/,
      /^\.actionReason$/,
    ];
    /** The contextual grounding policy is not modelled by bedrock-local (its usage counter is). */
    const UNMODELLED = /\.contextualGroundingPolicy(\.|$)/;

    const expectSameShape = (ours: unknown, recorded: unknown) => {
      const ourPaths = new Set(keyPaths(ours));
      const recordedPaths = new Set(keyPaths(recorded).filter((path) => !UNMODELLED.test(path)));
      expect([...recordedPaths].filter((path) => !ourPaths.has(path))).toEqual([]);
      expect(
        [...ourPaths].filter(
          (path) => !recordedPaths.has(path) && !NEWER_KEYS.some((newer) => newer.test(path)),
        ),
      ).toEqual([]);
    };
    const assessments = (trace: { inputAssessment?: unknown; outputAssessments?: unknown }) => ({
      input: (trace.inputAssessment as Record<string, GuardrailAssessment>).v9kpg6yrwhs2,
      output: (trace.outputAssessments as Record<string, GuardrailAssessment[]>).v9kpg6yrwhs2?.[0],
    });

    it("gives Converse the recorded trace's keys, nesting, coverage and modelOutput form", async () => {
      const response = await client.send(
        new ConverseCommand({ ...RECORDED_CONVERSE.request.body, modelId: "capitals" }),
      );
      const recorded = RECORDED_CONVERSE.response.body;
      expect(response.stopReason).toBe(recorded.stopReason);
      expect(response.output?.message?.content).toEqual([{ text: CAPITALS_MASKED }]);
      const trace = response.trace?.guardrail ?? {};
      expectSameShape(trace, recorded.trace.guardrail);
      const ours = assessments(trace);
      const theirs = assessments(recorded.trace.guardrail);
      expectSameShape(ours.input, theirs.input);
      expectSameShape(ours.output, theirs.output);
      expect(ours.input?.invocationMetrics?.guardrailCoverage).toEqual(
        theirs.input?.invocationMetrics?.guardrailCoverage,
      );
      expect(ours.output?.invocationMetrics?.guardrailCoverage).toEqual(
        theirs.output?.invocationMetrics?.guardrailCoverage,
      );
      expect(ours.output?.sensitiveInformationPolicy?.regexes).toEqual(
        theirs.output?.sensitiveInformationPolicy?.regexes?.map((regex) => ({ ...regex, detected: true })),
      );
      const ourModelOutput = JSON.parse(trace.modelOutput?.[0] ?? "{}");
      const recordedModelOutput = JSON.parse(recorded.trace.guardrail.modelOutput[0]);
      expect(keyPaths(ourModelOutput)).toEqual(keyPaths(recordedModelOutput));
      expect(ourModelOutput.output.message.content).toEqual([{ text: CAPITALS_ANSWER }]);
    });

    it("gives ConverseStream's metadata the recorded trace's keys, nesting and modelOutput", async () => {
      const response = await client.send(
        new ConverseStreamCommand({ ...RECORDED_STREAM.request.body, modelId: "capitals" }),
      );
      const events: ConverseStreamOutput[] = [];
      for await (const event of response.stream ?? []) events.push(event);
      expect(blockTexts(events)).toEqual([CAPITALS_MASKED]);
      expect(stopReasonOf(events)).toBe("guardrail_intervened");
      const trace = metadataOf(events)?.trace?.guardrail ?? {};
      expectSameShape(trace, RECORDED_STREAM_TRACE.guardrail);
      const ours = assessments(trace);
      const theirs = assessments(RECORDED_STREAM_TRACE.guardrail);
      expectSameShape(ours.input, theirs.input);
      expectSameShape(ours.output, theirs.output);
      // The recording's modelOutput is the model's raw text, one string.
      expect(RECORDED_STREAM_TRACE.guardrail.modelOutput).toEqual([
        "Tokyo is the capital of Japan 1234561666.",
      ]);
      expect(trace.modelOutput).toEqual([CAPITALS_ANSWER]);
    });
  });
});
