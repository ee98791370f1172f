import { createHash } from "node:crypto";
import type { Message } from "@aws-sdk/client-bedrock-runtime";
import { stringifyWithBytes } from "@lode/core";

const hashes = new WeakMap<Message, string>();

/** A hash of a message's JSON (binary payloads as base64); computed once per message object. */
export function messageHash(message: Message): string {
  let hash = hashes.get(message);
  if (hash === undefined) {
    hash = createHash("sha256").update(stringifyWithBytes(message)).digest("base64url");
    hashes.set(message, hash);
  }
  return hash;
}

/** A hash of a run of messages, from their own hashes. */
export function messagesHash(messages: readonly Message[]): string {
  const hash = createHash("sha256");
  for (const message of messages) hash.update(messageHash(message));
  return hash.digest("base64url");
}
