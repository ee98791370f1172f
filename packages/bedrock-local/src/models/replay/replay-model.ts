import { AwsError } from "../../http/aws-error.js";
import type { ModelAnswer, ModelRequest, ModelSource } from "../model-source.js";
import { isJsonObject } from "../model-turn.js";
import type { RecordedExchange } from "./load-recordings.js";
import { normalizeRequest } from "./normalize-request.js";
import { describeDifferences, jsonDifferences } from "./request-diff.js";

/**
 * How a request finds its recording:
 * - `"cassette"`: the recording whose body equals the request's (key order aside), else the next recording
 *   of its operation and model, as a cassette plays;
 * - `"strict"`: only a recording whose body equals the request's once tool use ids and request metadata
 *   are set aside; a request with none is refused (400) with its differences from the closest recording.
 */
export type ReplayMatching = "cassette" | "strict";

/**
 * Serves recorded exchanges. A request gets the recording whose request body equals its own (key order
 * aside; several such recordings in turn); failing that, the recordings of its operation and model in
 * turn, as a cassette plays.
 */
export class ReplayModel implements ModelSource {
  private readonly cursors = new Map<string, number>();
  readonly recorded = true;

  constructor(
    private readonly exchanges: RecordedExchange[],
    private readonly matching: ReplayMatching = "cassette",
  ) {}

  serves(modelId: string): boolean {
    return this.exchanges.some((exchange) => exchange.targetId === modelId);
  }

  answer(request: ModelRequest): ModelAnswer | undefined {
    const candidates = this.exchanges.filter(
      (exchange) => exchange.operation === request.operation && exchange.targetId === request.modelId,
    );
    if (this.matching === "strict") return this.strictAnswer(request);
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

  private strictAnswer(request: ModelRequest): ModelAnswer {
    const received = normalizeRequest(request.body);
    const wanted = canonicalJson(received);
    const same = this.exchanges.filter(
      (exchange) => exchange.operation === request.operation && exchange.targetId === request.modelId,
    );
    const exact = same.filter((exchange) => canonicalJson(normalizeRequest(exchange.requestBody)) === wanted);
    if (exact.length > 0)
      return {
        kind: "recorded",
        response: this.next(`strict ${request.operation} ${request.modelId} ${wanted}`, exact),
      };
    throw new AwsError("ValidationException", this.missMessage(request, received, same));
  }

  /** Why no recording answers: the closest one of the same operation and model, and where it differs. */
  private missMessage(request: ModelRequest, received: unknown, candidates: RecordedExchange[]): string {
    const head = `bedrock-local replay: no recording matches this ${request.operation} request for ${request.modelId}`;
    if (candidates.length === 0)
      return `${head}: there is no recording of ${request.operation} for that model (record it with LODE_BEDROCK=record or auto).`;
    const scored = candidates.map((exchange) => ({
      exchange,
      differences: jsonDifferences(normalizeRequest(exchange.requestBody), received),
    }));
    scored.sort((a, b) => a.differences.length - b.differences.length);
    const closest = scored[0] as (typeof scored)[number];
    return `${head}. The closest, in ${closest.exchange.file}, differs at:\n${describeDifferences(closest.differences.slice(0, 10))}`;
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
