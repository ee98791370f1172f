import { describe, expect, test } from "vitest";
import { detectGuardrailIntervention } from "./detect-guardrail-intervention.js";

describe("detectGuardrailIntervention", () => {
  test("ignores stop reasons that are not a guardrail's", () => {
    expect(detectGuardrailIntervention({ stopReason: "end_turn" })).toBeUndefined();
  });

  test("infers a blocked input from a lone text block and no output tokens", () => {
    const intervention = detectGuardrailIntervention({
      stopReason: "guardrail_intervened",
      message: { role: "assistant", content: [{ text: "Sorry." }] },
      outputTokens: 0,
    });
    expect(intervention).toMatchObject({ side: "input", action: "blocked", basis: "inferred" });
  });

  test("infers the output when the model wrote tokens", () => {
    const intervention = detectGuardrailIntervention({
      stopReason: "content_filtered",
      message: { role: "assistant", content: [{ text: "Sorry." }] },
      outputTokens: 12,
    });
    expect(intervention).toMatchObject({ side: "output", action: "unknown", stopReason: "content_filtered" });
  });

  test("prefers a blocked input over masked output, and skips checks that found nothing", () => {
    const intervention = detectGuardrailIntervention({
      stopReason: "guardrail_intervened",
      trace: {
        inputAssessment: {
          g: {
            contentPolicy: {
              filters: [
                { type: "HATE", confidence: "NONE", action: "NONE", detected: false },
                { type: "PROMPT_ATTACK", confidence: "HIGH", action: "BLOCKED", detected: true },
              ],
            },
          },
        },
        outputAssessments: {
          g: [
            {
              sensitiveInformationPolicy: {
                piiEntities: [{ type: "EMAIL", match: "a@b.co", action: "ANONYMIZED" }],
                regexes: [],
              },
            },
          ],
        },
      },
    });
    expect(intervention).toMatchObject({
      side: "input",
      action: "blocked",
      basis: "trace",
      policies: ["content"],
      findings: [{ policy: "content", type: "PROMPT_ATTACK", confidence: "HIGH", action: "blocked" }],
    });
  });
});
