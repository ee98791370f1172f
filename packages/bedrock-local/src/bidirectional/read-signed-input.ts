import { EventStreamCodec, getChunkedStream, type Message } from "@smithy/core/event-streams";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import { AwsError, validationError } from "../http/aws-error.js";
import { limitFrameSize } from "./limit-frame-size.js";

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/** A SigV4 event signature is an HMAC-SHA256: 32 bytes. */
const SIGNATURE_BYTES = 32;

/**
 * The `chunk` events of a bidirectional input stream, as their payloads' decoded `bytes`, in the order the
 * client sends them and as soon as each frame is complete (the client keeps the body open for the whole
 * session). Each frame on the wire is an envelope (`:date`, `:chunk-signature`) around an encoded event; the
 * client ends its input with a signed envelope around nothing, after which the generator returns.
 *
 * bedrock-local does not verify the frames' signatures (with `auth`, only the request's own) but insists on the
 * envelope, as the service does: a bare event, a missing or malformed header, or an inner message that is not a
 * `chunk` event is a ValidationException.
 */
export async function* readSignedInput(body: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    for await (const frame of getChunkedStream(limitFrameSize(body))) {
      const envelope = decodeFrame(frame, "input frame");
      checkEnvelope(envelope);
      // The signed empty message is how the client says it has nothing more to send.
      if (envelope.body.byteLength === 0) return;
      yield chunkBytes(decodeFrame(envelope.body, "event inside the signed input frame"));
    }
  } catch (error) {
    // The framing library's own errors (a truncated frame) are the client's input being malformed.
    if (error instanceof AwsError) throw error;
    throw validationError(
      `Malformed input stream: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function decodeFrame(bytes: Uint8Array, what: string): Message {
  try {
    return codec.decode(bytes);
  } catch (error) {
    throw validationError(`Malformed ${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function checkEnvelope(envelope: Message): void {
  const date = envelope.headers[":date"];
  const signature = envelope.headers[":chunk-signature"];
  if (date?.type !== "timestamp")
    throw validationError("Input frames must be signed: the :date header (a timestamp) is missing.");
  if (signature?.type !== "binary" || signature.value.byteLength !== SIGNATURE_BYTES)
    throw validationError(
      `Input frames must be signed: the :chunk-signature header must hold ${SIGNATURE_BYTES} bytes.`,
    );
}

/** The bytes of a `chunk` event: its JSON payload is `{"bytes": base64}`. */
function chunkBytes(event: Message): Uint8Array {
  const messageType = event.headers[":message-type"]?.value;
  const eventType = event.headers[":event-type"]?.value;
  if (messageType !== "event" || eventType !== "chunk")
    throw validationError(
      `Unexpected input event ${String(eventType)}: the input stream carries chunk events.`,
    );
  let payload: unknown;
  try {
    payload = JSON.parse(toUtf8(event.body));
  } catch {
    throw validationError("The chunk event's payload is not valid JSON.");
  }
  const bytes = (payload as { bytes?: unknown } | null)?.bytes;
  if (typeof bytes !== "string") throw validationError("The chunk event's payload has no bytes.");
  return Buffer.from(bytes, "base64");
}
