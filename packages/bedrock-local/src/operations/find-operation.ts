import type { Operation } from "./operation.js";

/** The operation a request's method and decoded path segments address, with its target id. */
export function findOperation(operations: readonly Operation[], method: string, segments: string[]) {
  for (const operation of operations) {
    if ((operation.method ?? "POST") !== method) continue;
    const match = operation.match(segments);
    if (match) return { operation, ...match };
  }
  return undefined;
}
