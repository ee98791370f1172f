import { Redis } from "ioredis";

/** Where a durable setup's Redis is, and the prefix its keys share (BullMQ's queue and Lode's records). */
export interface DurableConnection {
  /** @default "redis://127.0.0.1:6379" */
  url?: string;
  /** @default "lode:" */
  prefix?: string;
  /** @default "lode-runs" */
  queueName?: string;
}

export interface ResolvedConnection {
  url: string;
  prefix: string;
  queueName: string;
  /** BullMQ's connection options: its own connections, with the retrying it requires. */
  bullmq: BullConnection;
}

export function resolveConnection(connection: DurableConnection = {}): ResolvedConnection {
  const url = connection.url ?? "redis://127.0.0.1:6379";
  return {
    url,
    prefix: connection.prefix ?? "lode:",
    queueName: connection.queueName ?? "lode-runs",
    bullmq: bullConnection(url),
  };
}

interface BullConnection {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  maxRetriesPerRequest: null;
}

function bullConnection(url: string): BullConnection {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    db: Number(parsed.pathname.slice(1) || 0),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    maxRetriesPerRequest: null,
  };
}

/** A plain connection for Lode's own records (checkpoints, events, results). */
export function openRedis(connection: ResolvedConnection): Redis {
  return new Redis(connection.url, { maxRetriesPerRequest: 3 });
}
