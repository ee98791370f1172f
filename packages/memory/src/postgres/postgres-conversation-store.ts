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
import pg from "pg";

/** Options of `PostgreSQLConversationStore`: a pool to share, or a connection string. */
export interface PostgreSQLConversationStoreOptions {
  /** A `pg` pool; the store does not end it. */
  pool?: pg.Pool;
  /**
   * Where to connect when no `pool` is given (the store then owns its pool; `close()` ends it).
   * @default "postgres://postgres@127.0.0.1:5432/postgres"
   */
  connectionString?: string;
  /**
   * The schema holding the `lode_sessions`, `lode_messages`, `lode_session_metadata` and `lode_blocks`
   * tables; created on first use.
   * @default "public"
   */
  schema?: string;
}

/**
 * Keeps sessions in PostgreSQL: `lode_sessions` (one row per session with its version) and
 * `lode_messages` (one `jsonb` row per message, ordered by `seq`), with metadata in
 * `lode_session_metadata` (one `jsonb` object per session), and the block ids appends carried in
 * `lode_blocks`. An append is one transaction whose conditional update of the version admits exactly one
 * of several writers at the same version; the others get a `conflict`. Tables are created on first use
 * (`ensureSchema`).
 */
export class PostgreSQLConversationStore implements ConversationStore {
  private readonly pool: pg.Pool;
  private readonly ownsPool: boolean;
  private readonly schema: string;
  private readonly sessions: string;
  private readonly messages: string;
  private readonly metadata: string;
  private readonly blocks: string;
  private schemaReady: Promise<void> | undefined;

  constructor({
    pool,
    connectionString = "postgres://postgres@127.0.0.1:5432/postgres",
    schema = "public",
  }: PostgreSQLConversationStoreOptions = {}) {
    this.pool = pool ?? new pg.Pool({ connectionString });
    this.ownsPool = pool === undefined;
    this.schema = quoteIdentifier(schema);
    this.sessions = `${this.schema}.lode_sessions`;
    this.messages = `${this.schema}.lode_messages`;
    this.metadata = `${this.schema}.lode_session_metadata`;
    this.blocks = `${this.schema}.lode_blocks`;
  }

  /** Creates the schema and tables if they are missing (once per store; safe across processes). */
  ensureSchema(): Promise<void> {
    this.schemaReady ??= this.transaction(async (client) => {
      await client.query("SELECT pg_advisory_xact_lock(hashtext('lode-conversation-store-schema'))");
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${this.sessions} (session_id text PRIMARY KEY, version bigint NOT NULL)`,
      );
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${this.messages} (session_id text NOT NULL, seq bigint NOT NULL, message jsonb NOT NULL, PRIMARY KEY (session_id, seq))`,
      );
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${this.metadata} (session_id text PRIMARY KEY, metadata jsonb NOT NULL)`,
      );
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${this.blocks} (session_id text NOT NULL, block_id text NOT NULL, PRIMARY KEY (session_id, block_id))`,
      );
    }).catch((error: unknown) => {
      this.schemaReady = undefined;
      throw error;
    });
    return this.schemaReady;
  }

  async load(sessionId: string): Promise<StoredConversation> {
    await this.ensureSchema();
    // One statement reads one snapshot: the version and the messages it covers.
    const { rows } = await this.pool.query<{ version: string; message: string | null }>(
      `SELECT s.version, m.message::text AS message FROM ${this.sessions} s
       LEFT JOIN ${this.messages} m ON m.session_id = s.session_id AND m.seq <= s.version
       WHERE s.session_id = $1 ORDER BY m.seq`,
      [sessionId],
    );
    if (rows.length === 0) return { messages: [], version: 0 };
    return {
      messages: rows.flatMap((row) => (row.message === null ? [] : [parseWithBytes(row.message) as Message])),
      version: Number(rows[0]!.version),
    };
  }

  async append(
    sessionId: string,
    messages: Message[],
    expectedVersion: number,
    { blockId }: AppendOptions = {},
  ): Promise<number> {
    await this.ensureSchema();
    if (messages.length === 0) return this.checkVersion(sessionId, expectedVersion, blockId);
    return this.transaction(async (client) => {
      // The block id goes in first: a second writer of the same block waits on its key until the first
      // commits, then finds it, so a retried append can never land twice, even concurrently.
      if (blockId !== undefined) {
        const recorded = await client.query(
          `INSERT INTO ${this.blocks} (session_id, block_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
          [sessionId, blockId],
        );
        if (recorded.rowCount !== 1) return this.versionOf(client, sessionId);
      }
      const version = expectedVersion + messages.length;
      // A row at version 0 holds no messages (older releases left one after an empty append): claimable.
      const claimed =
        expectedVersion === 0
          ? await client.query(
              `INSERT INTO ${this.sessions} AS s (session_id, version) VALUES ($1, $2)
               ON CONFLICT (session_id) DO UPDATE SET version = EXCLUDED.version WHERE s.version = 0`,
              [sessionId, version],
            )
          : await client.query(
              `UPDATE ${this.sessions} SET version = $2 WHERE session_id = $1 AND version = $3`,
              [sessionId, version, expectedVersion],
            );
      if (claimed.rowCount !== 1) {
        throw versionConflict(sessionId, await this.versionOf(client, sessionId), expectedVersion);
      }
      await client.query(
        `INSERT INTO ${this.messages} (session_id, seq, message)
         SELECT $1, $2::bigint + t.ord, t.message FROM unnest($3::jsonb[]) WITH ORDINALITY AS t(message, ord)`,
        [sessionId, expectedVersion, messages.map(stringifyWithBytes)],
      );
      return version;
    });
  }

  async delete(sessionId: string): Promise<void> {
    await this.ensureSchema();
    await this.transaction(async (client) => {
      await client.query(`DELETE FROM ${this.sessions} WHERE session_id = $1`, [sessionId]);
      await client.query(`DELETE FROM ${this.messages} WHERE session_id = $1`, [sessionId]);
      await client.query(`DELETE FROM ${this.metadata} WHERE session_id = $1`, [sessionId]);
      await client.query(`DELETE FROM ${this.blocks} WHERE session_id = $1`, [sessionId]);
    });
  }

  async listSessions(): Promise<string[]> {
    await this.ensureSchema();
    const { rows } = await this.pool.query<{ session_id: string }>(
      // A row at version 0 (left by an empty append of an older release) is no session.
      `SELECT session_id FROM ${this.sessions} WHERE version > 0`,
    );
    return rows.map((row) => row.session_id);
  }

  async getMetadata(sessionId: string): Promise<SessionMetadata> {
    await this.ensureSchema();
    const { rows } = await this.pool.query<{ metadata: SessionMetadata }>(
      `SELECT metadata FROM ${this.metadata} WHERE session_id = $1`,
      [sessionId],
    );
    return rows[0]?.metadata ?? {};
  }

  async setMetadata(sessionId: string, metadata: SessionMetadata): Promise<void> {
    await this.ensureSchema();
    await this.pool.query(
      `INSERT INTO ${this.metadata} (session_id, metadata) VALUES ($1, $2::jsonb)
       ON CONFLICT (session_id) DO UPDATE SET metadata = EXCLUDED.metadata`,
      [sessionId, JSON.stringify(metadata)],
    );
  }

  /** Ends the pool the store opened itself (a `pool` passed in is left open). */
  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }

  /** An empty append: writes nothing, only answers as an append of the same block or version would. */
  private async checkVersion(sessionId: string, expectedVersion: number, blockId?: string): Promise<number> {
    const { rows } = await this.pool.query<{ version: string | null; repeated: boolean }>(
      `SELECT (SELECT version FROM ${this.sessions} WHERE session_id = $1) AS version,
              EXISTS (SELECT 1 FROM ${this.blocks} WHERE session_id = $1 AND block_id = $2) AS repeated`,
      [sessionId, blockId ?? null],
    );
    const version = Number(rows[0]?.version ?? 0);
    if (rows[0]?.repeated !== true && version !== expectedVersion) {
      throw versionConflict(sessionId, version, expectedVersion);
    }
    return version;
  }

  private async versionOf(client: pg.PoolClient, sessionId: string): Promise<number> {
    const { rows } = await client.query<{ version: string }>(
      `SELECT version FROM ${this.sessions} WHERE session_id = $1`,
      [sessionId],
    );
    return Number(rows[0]?.version ?? 0);
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
