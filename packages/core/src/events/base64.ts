const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const VALUES = new Uint8Array(128).fill(255);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

/**
 * Node's `Buffer` where there is one: the stores keep images and documents of megabytes, which its native
 * codec handles many times faster. Browsers get the portable code below, which gives the same text.
 */
const NodeBuffer = (
  globalThis as {
    Buffer?: {
      from(bytes: ArrayBufferLike, offset: number, length: number): { toString(encoding: "base64"): string };
      from(text: string, encoding: "base64"): Uint8Array;
    };
  }
).Buffer;

/** Standard base64 (with padding) of `bytes`: Node's codec on servers, the portable one in browsers. */
export function bytesToBase64(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
  return portableBytesToBase64(bytes);
}

/** Standard base64 (with padding) of `bytes`, without `Buffer` or `btoa`, so browsers and servers agree. */
export function portableBytesToBase64(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += `${ALPHABET[n >> 18]!}${ALPHABET[(n >> 12) & 63]!}==`;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += `${ALPHABET[n >> 18]!}${ALPHABET[(n >> 12) & 63]!}${ALPHABET[(n >> 6) & 63]!}=`;
  }
  return out;
}

/** The bytes of standard base64 text (padding optional); throws on any other character. */
export function base64ToBytes(text: string): Uint8Array {
  const length = text.endsWith("==") ? text.length - 2 : text.endsWith("=") ? text.length - 1 : text.length;
  const bytes = new Uint8Array(Math.floor((length * 3) / 4));
  let bits = 0;
  let count = 0;
  let j = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? VALUES[code]! : 255;
    if (value === 255) throw new SyntaxError(`Invalid base64 character at ${i}.`);
    bits = ((bits << 6) | value) & 0xffff;
    count += 6;
    if (count >= 8) {
      count -= 8;
      bytes[j++] = (bits >> count) & 255;
    }
  }
  return bytes;
}
