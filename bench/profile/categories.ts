/** Where a sampled function's source lives, as a part of the stack a reader cares about. */
export type Category =
  | "signing (SigV4, hashing)"
  | "event-stream decoding"
  | "SDK middleware, serde and client"
  | "SDK HTTP handler"
  | "Lode"
  | "zod (tool input checks)"
  | "Node: sockets, HTTP, streams, timers"
  | "native: socket writes and reads, microtasks"
  | "garbage collection"
  | "other";

/** Ordered: the first rule whose pattern matches the original source path (or the function's name) wins. */
const RULES: [RegExp, Category][] = [
  [/signature-v4|@aws-crypto|hash-node|util-hex-encoding|credential|sha256/, "signing (SigV4, hashing)"],
  [/eventstream|crc32/, "event-stream decoding"],
  [/node-http-handler/, "SDK HTTP handler"],
  [/@smithy|@aws-sdk/, "SDK middleware, serde and client"],
  [/packages\/(core|tools|memory)\/src/, "Lode"],
  [/zod/, "zod (tool input checks)"],
  [/^node:|^internal\//, "Node: sockets, HTTP, streams, timers"],
  [/^\(garbage collector\)$/, "garbage collection"],
  // Natives have no file: their source is their own name (writev, read, runMicrotasks…).
  [/^[\w$]+$/, "native: socket writes and reads, microtasks"],
];

export function categoryOf(source: string): Category {
  return RULES.find(([pattern]) => pattern.test(source))?.[1] ?? "other";
}
