import { createHash, type Hash } from "node:crypto";
import { isJsonObject } from "../models/model-turn.js";
import { estimateTokens } from "./estimate-tokens.js";

/** Bedrock's default time to live for a cache point that names none. */
const DEFAULT_TTL = "5m";
const TTL_MS: Record<string, number> = { "5m": 5 * 60_000, "1h": 60 * 60_000 };

/** What one request's cache points did: tokens read from the cache, written to it, and the writes by TTL. */
export interface CacheAccount {
  /** Input tokens neither read nor written (after the last cache point, or none hit). */
  uncachedTokens: number;
  readTokens: number;
  writeTokens: number;
  details: { ttl: string; inputTokens: number }[];
}

interface CachePoint {
  key: string;
  /** Tokens of the prompt up to this point. */
  tokens: number;
  ttl: string;
}

/**
 * Bedrock's prompt cache, simulated: the prompt is read in Bedrock's order (tools, then system, then
 * messages), and each `cachePoint` marks the prefix before it. A prefix seen before, for the same model and
 * within its time to live, is read from the cache; the tokens after the longest hit up to the last cache
 * point are written. So a request that changes its tools (the start of the prompt) misses everything, while
 * one that adds a `toolAddition` message at the end keeps its cached prefix.
 */
export class PromptCache {
  private readonly expiries = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Accounts for `body`'s cache points, or undefined when it has none. */
  account(modelId: string, body: Record<string, unknown>, inputTokens: number): CacheAccount | undefined {
    const { points, boundaries } = readPrompt(modelId, body);
    if (points.length === 0) return undefined;
    const now = this.now();
    // Bedrock finds an earlier request's cache entry at any block boundary before a cache point, not only at
    // this request's own points (a history point moves to the newest message every turn).
    const last = points.at(-1)?.tokens ?? 0;
    let hit: { tokens: number } | undefined;
    for (const boundary of boundaries)
      if (boundary.tokens <= last && (this.expiries.get(boundary.key) ?? 0) > now) hit = boundary;
    const readTokens = hit?.tokens ?? 0;
    const details: CacheAccount["details"] = [];
    let covered = readTokens;
    for (const point of points) {
      this.expiries.set(point.key, now + (TTL_MS[point.ttl] ?? TTL_MS[DEFAULT_TTL] ?? 0));
      if (point.tokens <= covered) continue;
      const written = point.tokens - covered;
      const same = details.find((detail) => detail.ttl === point.ttl);
      if (same) same.inputTokens += written;
      else details.push({ ttl: point.ttl, inputTokens: written });
      covered = point.tokens;
    }
    const writeTokens = covered - readTokens;
    return {
      uncachedTokens: Math.max(0, inputTokens - covered),
      readTokens,
      writeTokens,
      details,
    };
  }
}

/**
 * The request's prompt in Bedrock's order: its cache points, each with the key and size of the prefix before
 * it, and every block boundary, where an earlier request's cache entry may be found.
 */
function readPrompt(
  modelId: string,
  body: Record<string, unknown>,
): { points: CachePoint[]; boundaries: { key: string; tokens: number }[] } {
  const hash: Hash = createHash("sha256").update(modelId);
  let tokens = 0;
  const points: CachePoint[] = [];
  const boundaries: { key: string; tokens: number }[] = [];
  const read = (part: string, item: unknown) => {
    const point = isJsonObject(item) && isJsonObject(item.cachePoint) ? item.cachePoint : undefined;
    if (point) {
      points.push({
        key: hash.copy().digest("base64"),
        tokens,
        ttl: typeof point.ttl === "string" ? point.ttl : DEFAULT_TTL,
      });
      return;
    }
    hash.update(part).update(JSON.stringify(item) ?? "");
    tokens += estimateTokens(item);
    boundaries.push({ key: hash.copy().digest("base64"), tokens });
  };
  const toolConfig = isJsonObject(body.toolConfig) ? body.toolConfig : {};
  for (const tool of Array.isArray(toolConfig.tools) ? toolConfig.tools : []) read("tool", tool);
  for (const block of Array.isArray(body.system) ? body.system : []) read("system", block);
  for (const message of Array.isArray(body.messages) ? body.messages : []) {
    if (!isJsonObject(message)) continue;
    hash.update(`message:${String(message.role)}`);
    tokens += 3;
    for (const block of Array.isArray(message.content) ? message.content : []) read("block", block);
  }
  return { points, boundaries };
}
