/**
 * One weather job per runner against an in-process bedrock-local, whose request log then says what each
 * runner really sent: how many model calls, which operation, which HTTP version, and any error answered
 * (a runner that retries an error, as the AI SDK does by default, would still pass its answer check).
 * Not timed: the server shares this process.
 */
import { startBedrockLocal } from "@lode/bedrock-local";
import { PEERS_SCRIPT, type PeerDefinition, WEATHER_TASK } from "./job.js";

export interface RequestSummary {
  requests: number;
  operations: string;
  httpVersions: string;
  errors: string;
}

const distinct = (values: readonly (string | undefined)[]) =>
  [...new Set(values.map((value) => value ?? "?"))].join(", ");

export async function checkRequests(peers: readonly PeerDefinition[]): Promise<RequestSummary[]> {
  const server = await startBedrockLocal({ script: PEERS_SCRIPT });
  try {
    const summaries: RequestSummary[] = [];
    for (const peer of peers) {
      const runner = peer.create(server.url);
      const before = server.requests.length;
      await runner.run(WEATHER_TASK);
      await runner.close();
      const sent = server.requests.slice(before);
      const errors = sent.filter((request) => request.error);
      summaries.push({
        requests: sent.length,
        operations: distinct(sent.map((request) => request.operation)),
        httpVersions: distinct(sent.map((request) => request.httpVersion)),
        errors: errors.length
          ? distinct(errors.map((request) => `${request.error}: ${request.errorMessage}`))
          : "none",
      });
    }
    return summaries;
  } finally {
    await server.close();
  }
}
