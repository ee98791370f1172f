import { Readable } from "node:stream";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { EventStreamCodec } from "@smithy/core/event-streams";
import { HttpResponse } from "@smithy/core/protocols";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import type { RecordedResponse } from "./recordings.js";

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** A request as the SDK serialised it, captured before the recorded answer is handed back. */
export interface SentRequest {
  path: string;
  body: Record<string, unknown>;
}

/**
 * A real SDK client that never touches the network: its n-th request receives the n-th recorded response,
 * so what it parses is what the SDK makes of the bytes real Bedrock sent. The requests it sent are kept.
 */
export function recordedResponseClient(responses: RecordedResponse[]): {
  client: BedrockRuntimeClient;
  sent: SentRequest[];
} {
  const sent: SentRequest[] = [];
  const client = new BedrockRuntimeClient({
    region: "us-east-1",
    credentials: { accessKeyId: "recorded", secretAccessKey: "recorded" },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: { path: string; body?: unknown }) => {
        const response = responses[sent.length];
        sent.push({ path: request.path, body: JSON.parse(bodyText(request.body)) });
        if (!response) throw new Error(`request ${sent.length} has no recorded response`);
        return {
          response: new HttpResponse({
            statusCode: response.status,
            headers: { ...response.headers },
            body: Readable.from([recordedBytes(response)]),
          }),
        };
      },
    },
  });
  return { client, sent };
}

function bodyText(body: unknown): string {
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  return typeof body === "string" ? body : "{}";
}

/**
 * The response body as recorded: the raw event-stream bytes, or the JSON body. A recording that kept only
 * decoded events (the citations one) is framed again here, with its headers in their recorded order.
 */
function recordedBytes(response: RecordedResponse): Buffer {
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
