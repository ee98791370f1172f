import { Readable } from "node:stream";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { EventStreamCodec } from "@smithy/core/event-streams";
import { HttpResponse } from "@smithy/core/protocols";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import type { RecordedResponse } from "./recorded-corpus.js";

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/**
 * An SDK client that never touches the network: whatever it sends, it receives the recorded response,
 * so what it parses is what the SDK makes of the bytes real Bedrock sent.
 */
export function recordedResponseClient(response: RecordedResponse): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region: "us-east-1",
    credentials: { accessKeyId: "recorded", secretAccessKey: "recorded" },
    maxAttempts: 1,
    requestHandler: {
      handle: async () => ({
        response: new HttpResponse({
          statusCode: response.status,
          headers: { ...response.headers },
          body: Readable.from([recordedBytes(response)]),
        }),
      }),
    },
  });
}

/**
 * The response body as recorded: the raw event-stream bytes, or the JSON body. A recording that kept only
 * decoded events (the citations one) is framed again here, headers in their recorded order.
 */
export function recordedBytes(response: RecordedResponse): Buffer {
  if (response.eventstreamBase64) return Buffer.from(response.eventstreamBase64, "base64");
  if (response.events) {
    return Buffer.concat(
      response.events.map((event) =>
        codec.encode({
          headers: Object.fromEntries(
            Object.entries(event.headers).map(([name, value]) => [name, { type: "string", value }]),
          ),
          body: fromUtf8(JSON.stringify(event.payload)),
        }),
      ),
    );
  }
  return Buffer.from(JSON.stringify(response.body ?? {}));
}
