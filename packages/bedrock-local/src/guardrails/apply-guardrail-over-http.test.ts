import { fileURLToPath } from "node:url";
import {
  ApplyGuardrailCommand,
  BedrockRuntimeClient,
  ResourceNotFoundException,
  ValidationException,
} from "@aws-sdk/client-bedrock-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BedrockLocal, startBedrockLocal } from "../start-bedrock-local.js";

const RECORDINGS_DIR = fileURLToPath(
  new URL("../../../../../shared/fixtures/bedrock-recordings/", import.meta.url),
);

describe("ApplyGuardrail over HTTP with the real SDK", () => {
  let server: BedrockLocal;
  let client: BedrockRuntimeClient;

  beforeAll(async () => {
    server = await startBedrockLocal({
      replay: RECORDINGS_DIR,
      guardrails: [
        {
          id: "support",
          versions: ["DRAFT", "1", "2"],
          blockedInputMessaging: "I can't help with that.",
          deniedTopics: [{ name: "Investing", definition: "Investment advice", keywords: ["stock tips"] }],
          piiEntities: [{ type: "EMAIL", action: "ANONYMIZE" }],
        },
      ],
    });
    client = new BedrockRuntimeClient({ ...server.clientConfig, maxAttempts: 1 });
  });
  afterAll(async () => {
    client?.destroy();
    await server?.close();
  });

  const apply = (
    text: string,
    overrides: Partial<ConstructorParameters<typeof ApplyGuardrailCommand>[0]> = {},
  ) =>
    client.send(
      new ApplyGuardrailCommand({
        guardrailIdentifier: "support",
        guardrailVersion: "2",
        source: "INPUT",
        content: [{ text: { text } }],
        ...overrides,
      }),
    );

  it("blocks a denied topic with the guardrail's blocked message", async () => {
    const response = await apply("Any stock tips for today?");
    expect(response.action).toBe("GUARDRAIL_INTERVENED");
    expect(response.actionReason).toBe("Guardrail blocked.");
    expect(response.outputs).toEqual([{ text: "I can't help with that." }]);
    expect(response.assessments?.[0]?.topicPolicy?.topics).toEqual([
      { name: "Investing", type: "DENY", action: "BLOCKED", detected: true },
    ]);
    expect(response.assessments?.[0]?.appliedGuardrailDetails?.guardrailVersion).toBe("2");
    expect(response.guardrailCoverage?.textCharacters).toEqual({ guarded: 25, total: 25 });
  });

  it("masks PII and reports it, with explicit nulls under FULL surviving the SDK", async () => {
    const response = await apply("Write to ana@example.com", { source: "OUTPUT", outputScope: "FULL" });
    expect(response.action).toBe("GUARDRAIL_INTERVENED");
    expect(response.outputs).toEqual([{ text: "Write to {EMAIL}" }]);
    expect(response.assessments?.[0]?.sensitiveInformationPolicy?.piiEntities).toEqual([
      { match: "ana@example.com", type: "EMAIL", action: "ANONYMIZED", detected: true },
    ]);
    expect(response.usage?.sensitiveInformationPolicyUnits).toBe(1);
  });

  it("answers NONE for clean text and accepts the guardrail's ARN", async () => {
    const response = await apply("Hello there", {
      guardrailIdentifier: "arn:aws:bedrock:us-east-1:000000000000:guardrail/support",
    });
    expect(response.action).toBe("NONE");
    expect(response.outputs).toEqual([]);
  });

  it("answers an unknown guardrail id or version with ResourceNotFoundException (404)", async () => {
    for (const overrides of [{ guardrailIdentifier: "missing" }, { guardrailVersion: "7" }]) {
      const error = await apply("Hi", overrides).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ResourceNotFoundException);
      expect((error as ResourceNotFoundException).$metadata.httpStatusCode).toBe(404);
      expect((error as Error).message).toBe(
        "The guardrail identifier or version provided in the request does not exist.",
      );
    }
  });

  it("answers an invalid source or content with ValidationException (400)", async () => {
    const badSource = await apply("Hi", { source: "SIDEWAYS" as "INPUT" }).catch((caught: unknown) => caught);
    expect(badSource).toBeInstanceOf(ValidationException);
    expect((badSource as Error).message).toContain("Member must satisfy enum value set: [INPUT, OUTPUT]");

    const noContent = await apply("Hi", { content: [] }).catch((caught: unknown) => caught);
    expect(noContent).toBeInstanceOf(ValidationException);
    expect((noContent as ValidationException).$metadata.httpStatusCode).toBe(400);
  });

  it("serves a recorded exchange before consulting the registry", async () => {
    const response = await client.send(
      new ApplyGuardrailCommand({
        guardrailIdentifier: "274u1upxm897",
        guardrailVersion: "1",
        source: "INPUT",
        content: [{ text: { text: "anything" } }],
      }),
    );
    expect(response.actionReason).toBe("Guardrail blocked.");
    expect(response.assessments?.[0]?.topicPolicy?.topics?.[0]?.name).toBe("InvestmentObjectives");
  });
});
