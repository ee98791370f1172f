import { describe, expect, it } from "vitest";
import { resolveConverseGuardrail } from "./converse-guardrail.js";
import { GuardrailRegistry } from "./guardrail-registry.js";

const registry = new GuardrailRegistry([{ id: "support", versions: ["DRAFT", "3"] }]);
const body = (guardrailConfig: unknown) => ({ messages: [], guardrailConfig });

describe("resolveConverseGuardrail", () => {
  it("returns nothing for a request without guardrailConfig", () => {
    expect(resolveConverseGuardrail({ messages: [] }, registry, "Converse")).toBeUndefined();
  });

  it("defaults the trace to disabled and the stream mode to sync, and accepts the ARN", () => {
    const guardrail = resolveConverseGuardrail(
      body({
        guardrailIdentifier: "arn:aws:bedrock:us-east-1:000000000000:guardrail/support",
        guardrailVersion: "3",
      }),
      registry,
      "ConverseStream",
    );
    expect(guardrail).toMatchObject({ trace: "disabled", streamProcessingMode: "sync" });
    expect(guardrail?.definition.id).toBe("support");
  });

  it("reads the processing mode for ConverseStream only", () => {
    const config = {
      guardrailIdentifier: "support",
      guardrailVersion: "DRAFT",
      streamProcessingMode: "async",
    };
    expect(resolveConverseGuardrail(body(config), registry, "ConverseStream")?.streamProcessingMode).toBe(
      "async",
    );
    expect(resolveConverseGuardrail(body(config), registry, "Converse")?.streamProcessingMode).toBe("sync");
  });

  it("rejects an unknown id or version with the message Bedrock uses for both", () => {
    const message = "The guardrail identifier or version provided in the request does not exist.";
    for (const config of [
      { guardrailIdentifier: "other", guardrailVersion: "DRAFT" },
      { guardrailIdentifier: "support", guardrailVersion: "1" },
    ]) {
      expect(() => resolveConverseGuardrail(body(config), registry, "Converse")).toThrow(message);
    }
  });

  it("lists every malformed field in one validation error, as AWS's request validation does", () => {
    expect(() =>
      resolveConverseGuardrail(
        body({ guardrailVersion: "DRAFT", trace: "ENABLED", streamProcessingMode: "later" }),
        registry,
        "ConverseStream",
      ),
    ).toThrow(
      "3 validation errors detected: " +
        "Value null at 'guardrailConfig.guardrailIdentifier' failed to satisfy constraint: Member must not be null; " +
        "Value 'ENABLED' at 'guardrailConfig.trace' failed to satisfy constraint: Member must satisfy enum value set: [enabled, disabled, enabled_full]; " +
        "Value 'later' at 'guardrailConfig.streamProcessingMode' failed to satisfy constraint: Member must satisfy enum value set: [sync, async]",
    );
  });
});
