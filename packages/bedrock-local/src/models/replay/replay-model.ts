import type { ModelAnswer, ModelRequest, ModelSource } from "../model-source.js";
import { isJsonObject } from "../model-turn.js";
import type { RecordedExchange } from "./load-recordings.js";

/**
 * Serves recorded exchanges. A request gets the recording whose request body equals its own (key order
 * aside; several such recordings in turn); failing that, the recordings of its operation and model in
 * turn, as a cassette plays.
 */
export class ReplayModel implements ModelSource {
  private readonly cursors = new Map<string, number>();
  readonly recorded = true;

  constructor(private readonly exchanges: RecordedExchange[]) {}

  serves(modelId: string): boolean {
    return this.exchanges.some((exchange) => exchange.targetId === modelId);
  }

  answer(request: ModelRequest): ModelAnswer | undefined {
    const candidates = this.exchanges.filter(
      (exchange) => exchange.operation === request.operation && exchange.targetId === request.modelId,
    );
    if (candidates.length === 0) return undefined;
    const wanted = canonicalJson(request.body);
    const exact = candidates.filter((exchange) => canonicalJson(exchange.requestBody) === wanted);
    // Identical requests can have different recorded answers (a prompt cache written, then read), so
    // repeats of one body are served in recorded order, as are the requests that match no body.
    if (exact.length > 0)
      return {
        kind: "recorded",
        response: this.next(`${request.operation} ${request.modelId} ${wanted}`, exact),
      };
    return { kind: "recorded", response: this.next(`${request.operation} ${request.modelId}`, candidates) };
  }

  private next(key: string, exchanges: RecordedExchange[]) {
    const cursor = this.cursors.get(key) ?? 0;
    this.cursors.set(key, cursor + 1);
    return (exchanges[cursor % exchanges.length] as RecordedExchange).response;
  }
}

/** JSON with object keys sorted, so two bodies compare equal whatever order their keys came in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item) =>
    isJsonObject(item)
      ? Object.fromEntries(
          Object.keys(item)
            .sort()
            .map((key) => [key, item[key]]),
        )
      : item,
  );
}
