import {
  AccessDeniedException,
  BedrockRuntimeServiceException,
  ConverseCommand,
  ConverseStreamCommand,
  InternalServerException,
  type Message,
  ModelErrorException,
  ModelNotReadyException,
  ModelStreamErrorException,
  ModelTimeoutException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
} from "@aws-sdk/client-bedrock-runtime";
import {
  type AwsErrorName,
  type BedrockLocal,
  type Fault,
  type Script,
  type StreamExceptionType,
  startBedrockLocal,
} from "@lode/bedrock-local";
import { describe, expect, test } from "vitest";
import { loadReplayableRecordings, RECORDINGS_DIR, toSdkInput } from "../support/recordings.js";
import { collectUntilError, http1Client, http2Client, rejectionOf } from "./support/sdk-clients.js";

const messages: Message[] = [{ role: "user", content: [{ text: "Say hello." }] }];
/** As a stream: messageStart, four text deltas, contentBlockStop, messageStop, metadata. */
const script: Script = { models: { "*": { turns: [{ text: "Hello there, this is a streamed answer." }] } } };

async function withServer(faults: Fault[], run: (server: BedrockLocal) => Promise<void>) {
  const server = await startBedrockLocal({ script, faults });
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

/** Any of the SDK's typed exception classes (their constructors' options differ). */
type ExceptionClass = new (...args: never[]) => BedrockRuntimeServiceException;

const ERRORS: [AwsErrorName, number, ExceptionClass][] = [
  ["ValidationException", 400, ValidationException],
  ["AccessDeniedException", 403, AccessDeniedException],
  ["ResourceNotFoundException", 404, ResourceNotFoundException],
  ["ModelTimeoutException", 408, ModelTimeoutException],
  ["ThrottlingException", 429, ThrottlingException],
  ["ModelNotReadyException", 429, ModelNotReadyException],
  ["ModelErrorException", 424, ModelErrorException],
  ["InternalServerException", 500, InternalServerException],
  ["ServiceUnavailableException", 503, ServiceUnavailableException],
  ["ServiceQuotaExceededException", 400, ServiceQuotaExceededException],
];

describe("errors before a response", () => {
  test.each(ERRORS)(
    "delivers an injected %s as status %i and its typed class",
    async (type, status, errorClass) => {
      await withServer([{ error: { type, message: `injected ${type}` } }], async (server) => {
        const client = http2Client(server);
        const error = await rejectionOf(client.send(new ConverseCommand({ modelId: "any-model", messages })));
        client.destroy();

        expect(error).toBeInstanceOf(errorClass);
        const typed = error as BedrockRuntimeServiceException;
        expect(typed.name).toBe(type);
        expect(typed.message).toBe(`injected ${type}`);
        expect(typed.$metadata.httpStatusCode).toBe(status);
        expect(typed.$metadata.requestId).toBe(server.requests[0]?.requestId);
        expect(typed.$metadata.attempts).toBe(1);
        expect(server.requests[0]).toMatchObject({ status, error: type });
      });
    },
  );

  test("delivers an injected error to ConverseStream over HTTP/1.1 before any event", async () => {
    await withServer([{ error: { type: "ThrottlingException" } }], async (server) => {
      const client = http1Client(server);
      const error = await rejectionOf(
        client.send(new ConverseStreamCommand({ modelId: "any-model", messages })),
      );
      client.destroy();

      expect(error).toBeInstanceOf(ThrottlingException);
      expect((error as ThrottlingException).$metadata.requestId).toBe(server.requests[0]?.requestId);
      expect(server.requests[0]?.httpVersion).toBe("1.1");
    });
  });

  test("replays an expired token as ExpiredTokenException with the recorded request id", async () => {
    const recording = loadReplayableRecordings().find(
      ({ file }) => file === "converse.error.expired-token.json",
    );
    const { requestBody, segments, response } =
      recording?.interactions[0] ?? expect.unreachable("recording missing");
    const server = await startBedrockLocal({ replay: RECORDINGS_DIR });
    const client = http2Client(server);
    const error = await rejectionOf(
      client.send(
        new ConverseCommand({
          ...(toSdkInput(requestBody) as { messages: Message[] }),
          modelId: segments[1],
        }),
      ),
    );
    client.destroy();
    await server.close();

    expect(error).toBeInstanceOf(BedrockRuntimeServiceException);
    const typed = error as BedrockRuntimeServiceException;
    expect(typed.name).toBe("ExpiredTokenException");
    expect(typed.message).toBe("The security token included in the request is expired");
    expect(typed.$fault).toBe("client");
    expect(typed.$metadata.httpStatusCode).toBe(403);
    expect(typed.$metadata.requestId).toBe(response.headers["x-amzn-requestid"]);
    expect(typed.$metadata.requestId).toBe("402bd639-607f-433b-aa01-2852fc75287a");
  });
});

const STREAM_ERRORS: [StreamExceptionType, ExceptionClass][] = [
  ["throttlingException", ThrottlingException],
  ["modelStreamErrorException", ModelStreamErrorException],
  ["internalServerException", InternalServerException],
  ["validationException", ValidationException],
  ["serviceUnavailableException", ServiceUnavailableException],
];

describe("exceptions inside a stream", () => {
  test.each(STREAM_ERRORS)(
    "raises a %s frame in the for-await loop as its typed class",
    async (type, errorClass) => {
      await withServer(
        [{ streamError: { afterEvents: 3, type, message: `mid-stream ${type}` } }],
        async (server) => {
          const client = http2Client(server);
          const response = await client.send(new ConverseStreamCommand({ modelId: "any-model", messages }));
          const { events, error } = await collectUntilError(response.stream);
          client.destroy();

          expect(response.$metadata.requestId).toBe(server.requests[0]?.requestId);
          expect(events.map((event) => Object.keys(event)[0])).toEqual([
            "messageStart",
            "contentBlockDelta",
            "contentBlockDelta",
          ]);
          expect(error).toBeInstanceOf(errorClass);
          expect((error as Error).message).toBe(`mid-stream ${type}`);
        },
      );
    },
  );

  test("raises an exception frame over HTTP/1.1 too", async () => {
    await withServer([{ streamError: { afterEvents: 1, type: "throttlingException" } }], async (server) => {
      const client = http1Client(server);
      const response = await client.send(new ConverseStreamCommand({ modelId: "any-model", messages }));
      const { events, error } = await collectUntilError(response.stream);
      client.destroy();

      expect(events).toEqual([{ messageStart: { role: "assistant" } }]);
      expect(error).toBeInstanceOf(ThrottlingException);
    });
  });
});
