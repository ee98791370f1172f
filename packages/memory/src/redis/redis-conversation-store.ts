import type { Message } from "@aws-sdk/client-bedrock-runtime";
import {
  type ConversationStore,
  parseWithBytes,
  type SessionMetadata,
  type StoredConversation,
  stringifyWithBytes,
  versionConflict,
} from "@lode/core";
import { Redis } from "ioredis";

/** Options of `RedisConversationStore`: a client to share, or a URL to connect to. */
export interface RedisConversationStoreOptions {
  /** A connected `ioredis` client; the store does not close it. */
  client?: Redis;
  /**
   * Where to connect when no `client` is given (the store then owns the connection; `close()` ends it).
   * @default "redis://127.0.0.1:6379"
   */
  url?: string;
  /**
   * Prepended to every key, so several applications (or test runs) share one server.
   * @default "lode:"
   */
  keyPrefix?: string;
}

/**
 * Checks the version, pushes the messages and advances the version in one step on the server.
 * KEYS: messages list, version, sessions set. ARGV: expected version, session id, messages as JSON.
 */
const APPEND_SCRIPT = `
local current = tonumber(redis.call('GET', KEYS[2]) or '0')
if current ~= tonumber(ARGV[1]) then return {0, current} end
redis.call('RPUSH', KEYS[1], unpack(ARGV, 3))
local version = redis.call('INCRBY', KEYS[2], #ARGV - 2)
redis.call('SADD', KEYS[3], ARGV[2])
return {1, version}
`;

/**
 * Keeps each session in Redis as a list of messages (JSON, bytes as base64) beside a version key and a
 * hash of its metadata. An append runs as one Lua script that checks the version, pushes and advances it,
 * so many agent workers can share a session: a stale writer gets a `conflict` instead of interleaving.
 */
export class RedisConversationStore implements ConversationStore {
  private readonly client: Redis;
  private readonly ownsClient: boolean;
  private readonly keyPrefix: string;

  constructor({
    client,
    url = "redis://127.0.0.1:6379",
    keyPrefix = "lode:",
  }: RedisConversationStoreOptions = {}) {
    this.client = client ?? new Redis(url);
    this.ownsClient = client === undefined;
    this.keyPrefix = keyPrefix;
  }

  async load(sessionId: string): Promise<StoredConversation> {
    const results = await this.client
      .multi()
      .get(this.versionKey(sessionId))
      .lrange(this.messagesKey(sessionId), 0, -1)
      .exec();
    const [versionResult, messagesResult] = results ?? [];
    if (versionResult?.[0]) throw versionResult[0];
    if (messagesResult?.[0]) throw messagesResult[0];
    const items = (messagesResult?.[1] ?? []) as string[];
    return {
      messages: items.map((item) => parseWithBytes(item) as Message),
      version: Number(versionResult?.[1] ?? 0),
    };
  }

  async append(sessionId: string, messages: Message[], expectedVersion: number): Promise<number> {
    if (messages.length === 0) {
      // Nothing to add: only the version is checked, without reading the messages.
      const version = Number((await this.client.get(this.versionKey(sessionId))) ?? 0);
      if (version !== expectedVersion) throw versionConflict(sessionId, version, expectedVersion);
      return version;
    }
    const [applied, version] = (await this.client.eval(
      APPEND_SCRIPT,
      3,
      this.messagesKey(sessionId),
      this.versionKey(sessionId),
      this.sessionsKey(),
      String(expectedVersion),
      sessionId,
      ...messages.map(stringifyWithBytes),
    )) as [number, number];
    if (applied !== 1) throw versionConflict(sessionId, version, expectedVersion);
    return version;
  }

  async delete(sessionId: string): Promise<void> {
    await this.client
      .multi()
      .del(this.messagesKey(sessionId), this.versionKey(sessionId), this.metadataKey(sessionId))
      .srem(this.sessionsKey(), sessionId)
      .exec();
  }

  async listSessions(): Promise<string[]> {
    return this.client.smembers(this.sessionsKey());
  }

  async getMetadata(sessionId: string): Promise<SessionMetadata> {
    return { ...(await this.client.hgetall(this.metadataKey(sessionId))) };
  }

  async setMetadata(sessionId: string, metadata: SessionMetadata): Promise<void> {
    const multi = this.client.multi().del(this.metadataKey(sessionId));
    if (Object.keys(metadata).length > 0) multi.hset(this.metadataKey(sessionId), metadata);
    const results = await multi.exec();
    for (const [error] of results ?? []) if (error) throw error;
  }

  /** Ends the connection the store opened itself (a `client` passed in is left open). */
  async close(): Promise<void> {
    if (this.ownsClient) await this.client.quit();
  }

  private messagesKey(sessionId: string): string {
    return `${this.keyPrefix}session:{${sessionId}}:messages`;
  }

  private versionKey(sessionId: string): string {
    return `${this.keyPrefix}session:{${sessionId}}:version`;
  }

  private metadataKey(sessionId: string): string {
    return `${this.keyPrefix}session:{${sessionId}}:metadata`;
  }

  private sessionsKey(): string {
    return `${this.keyPrefix}sessions`;
  }
}
