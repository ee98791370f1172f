import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { baseModelId } from "./reasoning-model.js";

/**
 * Signs the reasoning the scripted model emits and checks what clients send back, the way Bedrock
 * rejects a thinking block whose text or signature was altered or dropped. A signature is bound to the model
 * that produced it (by `baseModelId`: an inference profile and its foundation model are one model), so it
 * does not verify for another model, as Claude's do not.
 */
export interface ReasoningSigner {
  /** The signature of `modelId` for reasoning text. */
  sign(modelId: string, text: string): string;
  /** Whether `signature` is this server's signature of `text` for `modelId`. */
  verify(modelId: string, text: string, signature: string): boolean;
  /** Opaque redacted-reasoning bytes (base64) that carry their own seal, for `modelId`. */
  seal(modelId: string, content: string): string;
  /** Whether base64 `data` is an unaltered `seal` output for `modelId`. */
  verifySealed(modelId: string, data: string): boolean;
}

export function createReasoningSigner(secret: string = randomBytes(32).toString("hex")): ReasoningSigner {
  const mac = (modelId: string, text: string) =>
    createHmac("sha256", secret)
      .update(`${baseModelId(modelId)}\u0000${text}`, "utf8")
      .digest();
  const sign = (modelId: string, text: string) => mac(modelId, text).toString("base64");
  const verify = (modelId: string, text: string, signature: string) => {
    const expected = mac(modelId, text);
    const given = Buffer.from(signature, "base64");
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  return {
    sign,
    verify,
    seal: (modelId, content) =>
      Buffer.from(`${content}\u0000${sign(modelId, content)}`, "utf8").toString("base64"),
    verifySealed: (modelId, data) => {
      const decoded = Buffer.from(data, "base64").toString("utf8");
      const split = decoded.lastIndexOf("\u0000");
      return split >= 0 && verify(modelId, decoded.slice(0, split), decoded.slice(split + 1));
    },
  };
}
