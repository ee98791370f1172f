import { joinBytes } from "../../events/join-bytes.js";

/**
 * Cuts an event-stream body into whole messages as its chunks arrive. Each message starts with its own total
 * length (4 bytes, big-endian), so a message is handed on as soon as its last byte is in, as a view of the
 * chunk it came in whenever it came in one (no copy). Checking a message (its checksums, its headers) is the
 * codec's work, not this.
 */
export class EventFrames {
  /** Bytes of a message not yet whole, in the order they came. */
  private held: Uint8Array[] = [];
  private heldBytes = 0;
  private chunk: Uint8Array = EMPTY;
  private offset = 0;

  /** Takes the next chunk of the body; call only once `next()` has returned `undefined`. */
  push(chunk: Uint8Array): void {
    if (this.offset < this.chunk.byteLength) this.hold(this.chunk.subarray(this.offset));
    this.chunk = chunk;
    this.offset = 0;
    if (this.heldBytes > 0) {
      this.hold(chunk);
      this.chunk = EMPTY;
    }
  }

  /** The next whole message, or `undefined` until more of the body comes. */
  next(): Uint8Array | undefined {
    if (this.heldBytes > 0) return this.nextHeld();
    const { chunk, offset } = this;
    const available = chunk.byteLength - offset;
    if (available < 4) return undefined;
    const length = lengthAt(chunk, offset);
    // Shorter than a message can be: handed on whole, for the codec to refuse.
    if (length < MIN_MESSAGE) return this.rest();
    if (available < length) return undefined;
    this.offset = offset + length;
    return chunk.subarray(offset, offset + length);
  }

  /**
   * Throws when the body ended inside a message, as the SDK does: once the message's length has come (fewer
   * than 4 bytes of a message, the SDK's own reader lets pass, and so does this).
   */
  end(): void {
    if (this.heldBytes + this.chunk.byteLength - this.offset >= 4)
      throw new Error("Truncated event message received.");
  }

  private rest(): Uint8Array {
    const rest = this.chunk.subarray(this.offset);
    this.offset = this.chunk.byteLength;
    return rest;
  }

  private hold(bytes: Uint8Array): void {
    this.held.push(bytes);
    this.heldBytes += bytes.byteLength;
  }

  /**
   * A message spread over chunks: joined once, when its last byte is in (not at every chunk, which would copy
   * a long message once per chunk), and the rest kept as the chunk.
   */
  private nextHeld(): Uint8Array | undefined {
    if (this.heldBytes < 4) return undefined;
    const length = heldLength(this.held);
    if (length >= MIN_MESSAGE && this.heldBytes < length) return undefined;
    const joined =
      this.held.length === 1 ? (this.held[0] as Uint8Array) : joinBytes(this.held, this.heldBytes);
    this.held = [];
    this.heldBytes = 0;
    // Shorter than a message can be: handed on whole, for the codec to refuse.
    if (length < MIN_MESSAGE) return joined;
    this.chunk = joined;
    this.offset = length;
    return joined.subarray(0, length);
  }
}

const EMPTY = new Uint8Array(0);
/** A message's prelude (lengths and their checksum, 12 bytes) and its closing checksum (4). */
const MIN_MESSAGE = 16;

function lengthAt(bytes: Uint8Array, offset: number): number {
  return (
    (((bytes[offset] as number) << 24) |
      ((bytes[offset + 1] as number) << 16) |
      ((bytes[offset + 2] as number) << 8) |
      (bytes[offset + 3] as number)) >>>
    0
  );
}

/** The length at the start of the held bytes, read across the parts they came in. */
function heldLength(parts: readonly Uint8Array[]): number {
  let length = 0;
  let read = 0;
  for (const part of parts)
    for (let index = 0; index < part.byteLength && read < 4; index++, read++)
      length = length * 256 + (part[index] as number);
  return length;
}
