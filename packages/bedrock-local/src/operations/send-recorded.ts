import { encodeEventFrame } from "../eventstream/encode-frame.js";
import { sendJson } from "../http/exchange.js";
import type { RecordedResponse } from "../models/model-source.js";
import type { Exchange } from "./operation.js";

/**
 * The recorded response for this request when a replayed folder holds one for its operation and target.
 * A recording is served as recorded: real Bedrock already judged that request, guardrails included.
 */
export function recordedAnswer(exchange: Exchange): RecordedResponse | undefined {
  for (const source of exchange.server.models) {
    if (!source.recorded) continue;
    const answer = source.answer({
      operation: exchange.operation,
      modelId: exchange.targetId,
      rawPath: exchange.rawPath,
      body: exchange.body,
      requestNumber: exchange.requestNumber,
    });
    if (answer?.kind === "recorded") return answer.response;
  }
  return undefined;
}

/**
 * Serves a recorded response: raw event-stream bytes byte for byte when recorded, a non-JSON body's bytes as
 * recorded, else the recorded JSON.
 */
export function sendRecorded(exchange: Exchange, recorded: RecordedResponse): void {
  const { response } = exchange;
  const headers: Record<string, string> = {
    ...recorded.headers,
    "x-amzn-requestid": recorded.headers["x-amzn-requestid"] ?? exchange.requestId,
  };
  if (recorded.eventStream || recorded.events) {
    const bytes =
      recorded.eventStream ??
      Buffer.concat(
        (recorded.events ?? []).map((event) =>
          encodeEventFrame(event.headers[":event-type"] ?? "", event.payload),
        ),
      );
    response.writeHead(recorded.status, { ...headers, "content-type": "application/vnd.amazon.eventstream" });
    response.end(Buffer.from(bytes));
    return;
  }
  if (recorded.rawBody) {
    response.writeHead(recorded.status, { ...headers, "content-length": String(recorded.rawBody.length) });
    response.end(Buffer.from(recorded.rawBody));
    return;
  }
  delete headers["content-type"];
  sendJson(response, recorded.status, recorded.body ?? {}, exchange.requestId, headers);
}
