import { type ListTasksRequest, type ListTasksResponse, Task } from "@a2a-js/sdk";
import type { ServerCallContext, TaskStore } from "@a2a-js/sdk/server";

/** The few commands the store sends: an `ioredis` client (or a compatible one) has them all. */
export interface RedisCommands {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, expiry: "EX", seconds: number): Promise<unknown>;
  zadd(key: string, score: number, member: string): Promise<unknown>;
  zrevrange(key: string, start: number, stop: number): Promise<string[]>;
  expire(key: string, seconds: number): Promise<unknown>;
}

/** Options of `RedisTaskStore`. */
export interface RedisTaskStoreOptions {
  /** A connected client (`new Redis(url)` from ioredis); the caller closes it. */
  redis: RedisCommands;
  /** @default "lode:a2a:" */
  keyPrefix?: string;
  /** How long a task is kept after its last change. @default 7 days */
  ttlSeconds?: number;
}

const LIST_LIMIT = 1000;

/**
 * An A2A `TaskStore` in Redis, so that every server process sees every task: a task started by one process
 * is read, resumed or canceled by another. Each task is one JSON value (the protocol's own JSON form); a
 * sorted set per tenant indexes them by last change, for `ListTasks` (which reads the newest 1000).
 */
export class RedisTaskStore implements TaskStore {
  private readonly redis: RedisCommands;
  private readonly prefix: string;
  private readonly ttl: number;

  constructor({ redis, keyPrefix = "lode:a2a:", ttlSeconds = 7 * 24 * 3600 }: RedisTaskStoreOptions) {
    this.redis = redis;
    this.prefix = keyPrefix;
    this.ttl = ttlSeconds;
  }

  async save(task: Task, context: ServerCallContext): Promise<void> {
    await this.redis.set(this.taskKey(task.id, context), JSON.stringify(Task.toJSON(task)), "EX", this.ttl);
    await this.redis.zadd(this.indexKey(context), Date.now(), task.id);
    await this.redis.expire(this.indexKey(context), this.ttl);
  }

  async load(taskId: string, context: ServerCallContext): Promise<Task | undefined> {
    const json = await this.redis.get(this.taskKey(taskId, context));
    return json === null ? undefined : Task.fromJSON(JSON.parse(json));
  }

  async list(params: ListTasksRequest, context: ServerCallContext): Promise<ListTasksResponse> {
    const ids = await this.redis.zrevrange(this.indexKey(context), 0, LIST_LIMIT - 1);
    const loaded = await Promise.all(ids.map((id) => this.load(id, context)));
    const tasks = loaded.filter((task): task is Task => {
      if (!task) return false;
      if (params.contextId && task.contextId !== params.contextId) return false;
      // 0 (unspecified) filters nothing.
      if (params.status && task.status?.state !== params.status) return false;
      const after = params.statusTimestampAfter;
      return !after || new Date(task.status?.timestamp ?? 0).getTime() > new Date(after).getTime();
    });
    const pageSize = params.pageSize || 50;
    const offset = params.pageToken
      ? Number.parseInt(Buffer.from(params.pageToken, "base64").toString(), 10) || 0
      : 0;
    const page = tasks.slice(offset, offset + pageSize).map((task) => ({
      ...task,
      artifacts: params.includeArtifacts ? task.artifacts : [],
    }));
    const next =
      offset + pageSize < tasks.length ? Buffer.from(String(offset + pageSize)).toString("base64") : "";
    return { tasks: page, nextPageToken: next, pageSize, totalSize: tasks.length };
  }

  private taskKey(taskId: string, context: ServerCallContext): string {
    return `${this.prefix}${context.tenant ?? ""}:task:${taskId}`;
  }

  private indexKey(context: ServerCallContext): string {
    return `${this.prefix}${context.tenant ?? ""}:tasks`;
  }
}
