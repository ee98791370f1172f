import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluateGuardrail } from "./evaluate-guardrail.js";
import type { GuardrailDefinition } from "./guardrail-definition.js";

const RECORDINGS = new URL("../../../../../shared/fixtures/bedrock-recordings/", import.meta.url);

function recording(name: string) {
  const file = JSON.parse(readFileSync(new URL(name, RECORDINGS), "utf8"));
  return file.interactions[0];
}

/** The guardrail behind `apply-guardrail.intervened.json`, as far as its assessment reveals it. */
const investmentGuardrail: GuardrailDefinition = {
  id: "274u1upxm897",
  blockedInputMessaging: "Sorry, the model cannot answer this question.",
  deniedTopics: [{ name: "InvestmentObjectives", keywords: ["stock suggestions", "expected returns"] }],
  piiEntities: [
    { type: "EMAIL", action: "BLOCK" },
    { type: "PHONE", action: "BLOCK" },
  ],
};

describe("evaluateGuardrail", () => {
  it("reproduces the recorded ApplyGuardrail intervention under outputScope FULL", () => {
    const { request, response } = recording("apply-guardrail.intervened.json");
    const texts = request.body.content.map((block: { text: { text: string } }) => block.text.text);

    const result = evaluateGuardrail(investmentGuardrail, texts, "INPUT", { outputScope: "FULL" });

    const recorded = response.body;
    expect(result.action).toBe(recorded.action);
    expect(result.actionReason).toBe(recorded.actionReason);
    expect(result.outputs).toEqual(recorded.outputs);
    expect(result.guardrailCoverage).toEqual(recorded.guardrailCoverage);
    const [assessment] = result.assessments;
    const [recordedAssessment] = recorded.assessments;
    expect(assessment?.topicPolicy).toEqual(recordedAssessment.topicPolicy);
    expect(assessment?.sensitiveInformationPolicy).toEqual(recordedAssessment.sensitiveInformationPolicy);
    expect(assessment?.wordPolicy).toBeNull();
    expect(assessment?.invocationMetrics.guardrailCoverage).toEqual(
      recordedAssessment.invocationMetrics.guardrailCoverage,
    );
    expect(result.usage).toMatchObject({ topicPolicyUnits: 1, sensitiveInformationPolicyUnits: 1 });
  });

  it("masks like the recorded Converse trace: PII by type, a regex by its name", () => {
    const { response } = recording("converse.guardrail-intervened.trace.nova-lite.json");
    const [recorded] = response.body.trace.guardrail.outputAssessments.v9kpg6yrwhs2;
    const [regex] = recorded.sensitiveInformationPolicy.regexes;
    const definition: GuardrailDefinition = {
      id: "v9kpg6yrwhs2",
      regexes: [{ name: regex.name, pattern: regex.regex, action: "ANONYMIZE" }],
    };

    const result = evaluateGuardrail(definition, ["Tokyo is the capital of Japan 1234561666."], "OUTPUT");

    expect(result.masked).toEqual(["Tokyo is the capital of Japan {Account Number}."]);
    expect(result.outputs).toEqual([{ text: "Tokyo is the capital of Japan {Account Number}." }]);
    expect(result.action).toBe("GUARDRAIL_INTERVENED");
    expect(result.actionReason).toBe("Guardrail masked.");
    expect(result.blocked).toBe(false);
    expect(result.assessments[0]?.sensitiveInformationPolicy?.regexes).toEqual([
      { ...regex, detected: true },
    ]);
  });

  it("masks every anonymized PII match with a {TYPE} placeholder", () => {
    const definition: GuardrailDefinition = {
      id: "pii",
      piiEntities: [
        { type: "EMAIL", action: "ANONYMIZE" },
        { type: "PHONE", action: "ANONYMIZE" },
        { type: "CREDIT_DEBIT_CARD_NUMBER", action: "ANONYMIZE" },
      ],
    };
    const result = evaluateGuardrail(
      definition,
      ["Mail ana@example.com or call 555-123-4567; card 4111 1111 1111 1111."],
      "INPUT",
    );
    expect(result.masked).toEqual(["Mail {EMAIL} or call {PHONE}; card {CREDIT_DEBIT_CARD_NUMBER}."]);
    expect(result.assessments[0]?.sensitiveInformationPolicy?.piiEntities).toEqual([
      { match: "ana@example.com", type: "EMAIL", action: "ANONYMIZED", detected: true },
      { match: "555-123-4567", type: "PHONE", action: "ANONYMIZED", detected: true },
      {
        match: "4111 1111 1111 1111",
        type: "CREDIT_DEBIT_CARD_NUMBER",
        action: "ANONYMIZED",
        detected: true,
      },
    ]);
  });

  it("answers NONE with no outputs and no findings when nothing matches", () => {
    const result = evaluateGuardrail(investmentGuardrail, ["What is the capital of Japan?"], "INPUT");
    expect(result).toMatchObject({ action: "NONE", actionReason: "No action.", blocked: false, outputs: [] });
    expect(Object.keys(result.assessments[0] ?? {})).toEqual(["invocationMetrics"]);
  });

  it("blocks a denied word only as a whole word, whatever its case", () => {
    const definition: GuardrailDefinition = { id: "words", words: ["bet", "inside tip"] };
    expect(evaluateGuardrail(definition, ["The alphabet betting shop"], "INPUT").action).toBe("NONE");

    const result = evaluateGuardrail(definition, ["I BET you have an Inside  Tip."], "INPUT");
    expect(result.blocked).toBe(true);
    expect(result.assessments[0]?.wordPolicy).toEqual({
      customWords: [
        { match: "BET", action: "BLOCKED", detected: true },
        { match: "Inside  Tip", action: "BLOCKED", detected: true },
      ],
    });
  });

  it("lets a block win over masking and answers with the source's blocked message", () => {
    const definition: GuardrailDefinition = {
      id: "mixed",
      blockedInputMessaging: "Input refused.",
      blockedOutputsMessaging: "Answer withheld.",
      words: ["secret"],
      piiEntities: [{ type: "EMAIL", action: "ANONYMIZE" }],
    };
    const texts = ["The secret is at ops@example.com"];
    expect(evaluateGuardrail(definition, texts, "INPUT").outputs).toEqual([{ text: "Input refused." }]);
    const output = evaluateGuardrail(definition, texts, "OUTPUT");
    expect(output.outputs).toEqual([{ text: "Answer withheld." }]);
    expect(output.actionReason).toBe("Guardrail blocked.");
    expect(output.masked).toEqual(["The secret is at {EMAIL}"]);
  });

  it("guards only guard_content text once qualifiers are used, and counts coverage accordingly", () => {
    const definition: GuardrailDefinition = { id: "q", words: ["forbidden"] };
    const result = evaluateGuardrail(
      definition,
      [
        { text: "forbidden source", qualifiers: ["grounding_source"] },
        { text: "forbidden?", qualifiers: ["query"] },
        { text: "all fine", qualifiers: ["guard_content"] },
      ],
      "INPUT",
    );
    expect(result.action).toBe("NONE");
    expect(result.guardrailCoverage).toEqual({ textCharacters: { guarded: 8, total: 34 } });
  });

  it("counts one text unit per 1,000 guarded characters for each configured policy", () => {
    const definition: GuardrailDefinition = {
      id: "units",
      words: ["zzz"],
      regexes: [{ name: "n", pattern: "\\d{9}", action: "BLOCK" }],
    };
    const { usage } = evaluateGuardrail(definition, ["a".repeat(2500)], "INPUT");
    expect(usage).toMatchObject({
      wordPolicyUnits: 3,
      sensitiveInformationPolicyFreeUnits: 3,
      topicPolicyUnits: 0,
      sensitiveInformationPolicyUnits: 0,
    });
  });

  it("reports every checked topic and PII type under FULL, and only findings under INTERVENTIONS", () => {
    const definition: GuardrailDefinition = {
      id: "scope",
      deniedTopics: [
        { name: "Crypto", keywords: ["bitcoin"] },
        { name: "Weather", keywords: ["forecast"] },
      ],
      piiEntities: [{ type: "PHONE", action: "BLOCK" }],
    };
    const text = ["Should I buy bitcoin?"];
    const interventions = evaluateGuardrail(definition, text, "INPUT").assessments[0];
    expect(interventions?.topicPolicy?.topics.map((topic) => topic.name)).toEqual(["Crypto"]);
    expect(interventions?.sensitiveInformationPolicy).toBeUndefined();

    const full = evaluateGuardrail(definition, text, "INPUT", { outputScope: "FULL" }).assessments[0];
    expect(full?.topicPolicy?.topics).toEqual([
      { name: "Crypto", type: "DENY", action: "BLOCKED", detected: true },
      { name: "Weather", type: "DENY", action: "NONE", detected: false },
    ]);
    expect(full?.sensitiveInformationPolicy).toEqual({
      piiEntities: [{ match: "", type: "PHONE", action: "NONE", detected: false }],
      regexes: null,
    });
  });
});
