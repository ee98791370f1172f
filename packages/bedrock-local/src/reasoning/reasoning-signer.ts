import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Signs the reasoning the scripted model emits and checks what clients send back, the way Bedrock
 * rejects a thinking block whose text or signature was altered or dropped.
 */
export interface ReasoningSigner {
  /** The signature for reasoning text. */
  sign(text: string): string;
  /** Whether `signature` is this server's signature of `text`. */
  verify(text: string, signature: string): boolean;
  /** Opaque redacted-reasoning bytes (base64) that carry their own seal. */
  seal(content: string): string;
  /** Whether base64 `data` is an unaltered `seal` output. */
  verifySealed(data: string): boolean;
}

export function createReasoningSigner(secret: string = randomBytes(32).toString("hex")): ReasoningSigner {
  const mac = (text: string) => createHmac("sha256", secret).update(text, "utf8").digest();
  const sign = (text: string) => mac(text).toString("base64");
  const verify = (text: string, signature: string) => {
    const expected = mac(text);
    const given = Buffer.from(signature, "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  return {
    sign,
    verify,
    seal: (content) => Buffer.from(`${content}\u0000${sign(content)}`, "utf8").toString("base64"),
    verifySealed: (data) => {
      const decoded = Buffer.from(data, "base64").toString("utf8");
      const split = decoded.lastIndexOf("\u0000");
      return split >= 0 && verify(decoded.slice(0, split), decoded.slice(split + 1));
    },
  };
}
