import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { AwsError } from "../http/aws-error.js";
import type { JsonObject } from "../models/model-turn.js";
import { createReasoningSigner, type ReasoningSigner } from "../reasoning/reasoning-signer.js";
import { validateConverseRequest } from "./validate-converse-request.js";

const RECORDINGS_DIR = fileURLToPath(
  new URL("../../../../../shared/fixtures/bedrock-recordings/", import.meta.url),
);

/** Real Bedrock signed these with keys we do not have, so every signature is taken as good. */
const trustingSigner: ReasoningSigner = {
  sign: () => "",
  verify: () => true,
  seal: (_modelId, content) => content,
  verifySealed: () => true,
};

interface RecordedRequest {
  name: string;
  /** The model the request addressed, decoded from its path. */
  modelId: string;
  body: JsonObject;
}

/** Every Converse body real Bedrock accepted or judged: ConverseStream, Converse, and CountTokens' `input.converse`. */
function recordedConverseBodies(): RecordedRequest[] {
  const found: RecordedRequest[] = [];
  for (const file of readdirSync(RECORDINGS_DIR)
    .filter((name) => name.endsWith(".json"))
    .sort()) {
    const recording = JSON.parse(readFileSync(`${RECORDINGS_DIR}${file}`, "utf8")) as {
      interactions: { request: { path: string; body: JsonObject | null } }[];
    };
    recording.interactions.forEach(({ request }, index) => {
      const name = `${file} #${index}`;
      const modelId = decodeURIComponent(request.path.split("/")[2] ?? "");
      if (/\/converse(-stream)?$/.test(request.path) && request.body)
        found.push({ name, modelId, body: request.body });
      const input = request.body?.input as JsonObject | undefined;
      if (request.path.endsWith("/count-tokens") && input?.converse) {
        found.push({ name, modelId, body: input.converse as JsonObject });
      }
    });
  }
  return found;
}

const recorded = recordedConverseBodies();

describe("the recordings of real Bedrock", () => {
  it("holds the bodies this test relies on", () => {
    expect(recorded.length).toBeGreaterThanOrEqual(30);
    expect(recorded.some(({ name }) => name.startsWith("count-tokens."))).toBe(true);
  });

  it.each(recorded)("accepts the body of $name", ({ modelId, body }) => {
    expect(() => validateConverseRequest(body, { signer: trustingSigner, modelId })).not.toThrow();
  });

  it("rejects the recorded signed reasoning with bedrock-local's own signer", () => {
    const turn = recorded.find(
      ({ name }) => name === "converse.reasoning.signature.tool-use.claude-3-7-sonnet.json #1",
    );
    let error: unknown;
    try {
      validateConverseRequest(turn!.body, { signer: createReasoningSigner(), modelId: turn!.modelId });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AwsError);
    expect((error as AwsError).message).toBe(
      "The model returned the following errors: messages.1.content.0: Invalid `signature` in `thinking` block",
    );
  });
});
