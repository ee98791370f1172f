import type { Message } from "@aws-sdk/client-bedrock-runtime";
import {
  type AppendOptions,
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

/** Messages per `RPUSH` in the append script: well under the limit of Lua's `unpack`. */
const PUSH_CHUNK = 1000;

/**
 * Checks the block id and the version, pushes the messages and advances the version in one step on the
 * server. KEYS: messages list, version, sessions set, block ids set. ARGV: expected version, session id,
 * `"1"` when ARGV[4] is a block id (else `"0"`), the block id (or `""`), then the messages as JSON.
 * The messages go in chunks because Lua's `unpack` fails past about 8,000 values ("too many results to
 * unpack"). An empty append writes nothing, so it creates no session and records no block id.
 */
const APPEND_SCRIPT = `
local current = tonumber(redis.call('GET', KEYS[2]) or '0')
local hasBlock = ARGV[3] == '1'
if hasBlock and redis.call('SISMEMBER', KEYS[4], ARGV[4]) == 1 then return {1, current} end
if current ~= tonumber(ARGV[1]) then return {0, current} end
local count = #ARGV - 4
if count == 0 then return {1, current} end
for first = 5, #ARGV, ${PUSH_CHUNK} do
  redis.call('RPUSH', KEYS[1], unpack(ARGV, first, math.min(first + ${PUSH_CHUNK - 1}, #ARGV)))
end
local version = redis.call('INCRBY', KEYS[2], count)
redis.call('SADD', KEYS[3], ARGV[2])
if hasBlock then redis.call('SADD', KEYS[4], ARGV[4]) end
return {1, version}
`;

/**
 * Keeps each session in Redis as a list of messages (JSON, bytes as base64) beside a version key and a
 * hash of its metadata and a set of the block ids its appends carried. An append runs as one Lua script
 * that checks the block id and the version, pushes and advances it, so many agent workers can share a
 * session: a stale writer gets a `conflict` instead of interleaving, and a repeated block is not stored twice.
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

  async append(
    sessionId: string,
    messages: Message[],
    expectedVersion: number,
    { blockId }: AppendOptions = {},
  ): Promise<number> {
    const [applied, version] = (await this.client.eval(
      APPEND_SCRIPT,
      4,
      this.messagesKey(sessionId),
      this.versionKey(sessionId),
      this.sessionsKey(),
      this.blocksKey(sessionId),
      String(expectedVersion),
      sessionId,
      blockId === undefined ? "0" : "1",
      blockId ?? "",
      ...messages.map(stringifyWithBytes),
    )) as [number, number];
    if (applied !== 1) throw versionConflict(sessionId, version, expectedVersion);
    return version;
  }

  async delete(sessionId: string): Promise<void> {
    await this.client
      .multi()
      .del(
        this.messagesKey(sessionId),
        this.versionKey(sessionId),
        this.metadataKey(sessionId),
        this.blocksKey(sessionId),
      )
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

  /** The block ids the session's appends carried, so a repeated append writes nothing. */
  private blocksKey(sessionId: string): string {
    return `${this.keyPrefix}session:{${sessionId}}:blocks`;
  }

  private sessionsKey(): string {
    return `${this.keyPrefix}sessions`;
  }
}
