import { readdirSync } from "node:fs";
import { startBedrockLocal } from "@lode/bedrock-local";
import { describe, expect, test } from "vitest";
import { recordedResponseClient } from "../support/recorded-response-client.js";
import { loadReplayableRecordings, RECORDINGS_DIR, type RecordedResponse } from "../support/recordings.js";
import { http2Client } from "./support/sdk-clients.js";
import { type Outcome, sendInteraction } from "./support/send-interaction.js";

const recordings = loadReplayableRecordings();
const MODELLED_ERRORS = new Set(["ValidationException", "ThrottlingException", "AccessDeniedException"]);

describe("replay of the recordings corpus", () => {
  test("covers every recording, with all six recorded operations", () => {
    const files = readdirSync(RECORDINGS_DIR).filter((name) => name.endsWith(".json"));
    expect(recordings.map(({ file }) => file)).toEqual(files.sort());
    const operations = new Set(
      recordings.flatMap(({ interactions }) => interactions.map((interaction) => interaction.operation)),
    );
    expect([...operations].sort()).toEqual([
      "ApplyGuardrail",
      "Converse",
      "ConverseStream",
      "CountTokens",
      "InvokeModel",
      "InvokeModelWithResponseStream",
    ]);
  });

  test.each(recordings)("gives the SDK what the recorded bytes give it: $file", async ({ interactions }) => {
    const server = await startBedrockLocal({ replay: RECORDINGS_DIR });
    const client = http2Client(server);
    try {
      for (const [index, interaction] of interactions.entries()) {
        const live = await sendInteraction(client, interaction);
        const recorded = await sendInteraction(
          recordedResponseClient([interaction.response]).client,
          interaction,
        );

        const served = server.requests[index];
        expect(served?.operation).toBe(interaction.operation);
        expect(served?.targetId).toBe(interaction.segments[1]);
        expect(live.status).toBe(interaction.response.status);
        expect(comparable(live)).toEqual(comparable(recorded));
        const recordedRequestId = interaction.response.headers["x-amzn-requestid"];
        expect(live.requestId).toBe(recordedRequestId ?? served?.requestId);
        if (live.kind === "error") expectRecordedError(live, interaction.response);
        // A recorded success must reach the SDK as an output (with its decoded body or chunks), not an error.
        if (interaction.response.status === 200) expect(live.kind).toBe("output");
        if (interaction.operation === "InvokeModel" && live.kind === "output")
          expect((live.output as { body?: unknown }).body).toEqual(interaction.response.body);
        if (interaction.response.events) {
          const events = recorded.kind === "output" ? (recorded.output as { events?: unknown[] }).events : [];
          expect(events).toHaveLength(interaction.response.events.length);
        }
      }
    } finally {
      client.destroy();
      await server.close();
    }
  });
});

/**
 * An error reaches the SDK as the exception named by the recorded `x-amzn-ErrorType` (modelled ones as their
 * own class), with the recorded message. One recording lost that header to its recorder's scrubbing; the
 * SDK can then only call the error "Unknown", from real Bedrock's bytes and from bedrock-local's alike.
 */
function expectRecordedError(live: Extract<Outcome, { kind: "error" }>, response: RecordedResponse) {
  const errorType = response.headers["x-amzn-errortype"]?.split(":")[0] ?? "Unknown";
  expect(live.error.name).toBe(errorType);
  expect(live.error.className).toBe(
    MODELLED_ERRORS.has(errorType) ? errorType : "BedrockRuntimeServiceException",
  );
  expect(live.error.message).toBe((response.body as { message?: string }).message);
}

/** The outcome minus the request id, which only the recordings that kept `x-amzn-requestid` can match. */
function comparable({ requestId, ...outcome }: Outcome) {
  return outcome;
}
