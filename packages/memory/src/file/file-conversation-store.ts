import { createHash, randomUUID } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, truncate, unlink } from "node:fs/promises";
import { join } from "node:path";
import type { Message } from "@aws-sdk/client-bedrock-runtime";
import { type ConversationStore, LodeError, type SessionMetadata, type StoredConversation } from "@lode/core";
import { messagesToJson, parseMessageJson } from "../message-json.js";
import { withFileLock } from "./file-lock.js";

/** Options of `FileConversationStore`. */
export interface FileConversationStoreOptions {
  /** The folder holding one `.jsonl` file per session; created when missing. */
  directory: string;
  /**
   * How long an append waits for another process's lock on the same session.
   * @default 10000
   */
  lockTimeoutMs?: number;
}

interface FileState {
  /** Bytes of the file that hold whole, checked records. */
  goodLength: number;
  /** The file's size when read (more than `goodLength` after a torn write). */
  size: number;
  version: number;
  messages: Message[];
}

const EXTENSION = ".jsonl";
const METADATA_EXTENSION = ".meta.json";
const MESSAGES_KEY = ',"messages":';

/**
 * Keeps each session in one append-only file of JSON lines: every append writes one line holding the
 * batch, the version it reached and a SHA-256 checksum, in one write to a file opened for appending,
 * fsynced before the append resolves. A per-session lock (in this process, then a lock file across
 * processes) serializes writers; a reader ignores a torn last line, so a process killed mid-write loses
 * only the append it was never told succeeded, and the file always loads. A session's metadata lives in a
 * sidecar `<session>.meta.json`, replaced atomically (written to a temporary file, fsynced, renamed).
 */
export class FileConversationStore implements ConversationStore {
  private readonly directory: string;
  private readonly lockTimeoutMs: number;
  private readonly queues = new Map<string, Promise<unknown>>();
  private ready: Promise<unknown> | undefined;

  constructor({ directory, lockTimeoutMs = 10_000 }: FileConversationStoreOptions) {
    this.directory = directory;
    this.lockTimeoutMs = lockTimeoutMs;
  }

  async load(sessionId: string): Promise<StoredConversation> {
    const { messages, version } = await this.read(sessionId);
    return { messages, version };
  }

  async append(sessionId: string, messages: Message[], expectedVersion: number): Promise<number> {
    return this.locked(sessionId, async () => {
      const path = this.pathOf(sessionId);
      const state = await this.read(sessionId);
      if (state.version !== expectedVersion) {
        throw new LodeError(
          "conflict",
          `Session ${sessionId} is at version ${state.version}, not ${expectedVersion}: another writer appended first.`,
        );
      }
      // A torn line left by a killed writer goes before the next record lands after it.
      if (state.size > state.goodLength) await truncate(path, state.goodLength);
      const version = expectedVersion + messages.length;
      const line = Buffer.from(recordLine(version, messagesToJson(messages)));
      const handle = await open(path, "a");
      try {
        let written = 0;
        while (written < line.length) written += (await handle.write(line, written)).bytesWritten;
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (state.size === 0) await syncDirectory(this.directory);
      return version;
    });
  }

  async delete(sessionId: string): Promise<void> {
    await this.locked(sessionId, async () => {
      await unlink(this.pathOf(sessionId)).catch(ignoreMissing);
      await unlink(this.metadataPathOf(sessionId)).catch(ignoreMissing);
    });
  }

  async getMetadata(sessionId: string): Promise<SessionMetadata> {
    const text = await readFile(this.metadataPathOf(sessionId), "utf8").catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return undefined;
        throw error;
      },
    );
    return text === undefined ? {} : (JSON.parse(text) as SessionMetadata);
  }

  async setMetadata(sessionId: string, metadata: SessionMetadata): Promise<void> {
    await this.locked(sessionId, async () => {
      const path = this.metadataPathOf(sessionId);
      const temporary = `${path}.${randomUUID()}.tmp`;
      const handle = await open(temporary, "w");
      try {
        await handle.writeFile(JSON.stringify({ ...metadata }), "utf8");
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await rename(temporary, path);
      } catch (error) {
        await unlink(temporary).catch(() => undefined);
        throw error;
      }
      await syncDirectory(this.directory);
    });
  }

  async listSessions(): Promise<string[]> {
    const names = await readdir(this.directory).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return [] as string[];
      throw error;
    });
    return names
      .filter((name) => name.endsWith(EXTENSION))
      .map((name) => decodeURIComponent(name.slice(0, -EXTENSION.length)));
  }

  private pathOf(sessionId: string): string {
    // `encodeURIComponent` leaves no path separator; `.` and `..` still get the extension.
    return join(this.directory, `${encodeURIComponent(sessionId)}${EXTENSION}`);
  }

  private metadataPathOf(sessionId: string): string {
    return join(this.directory, `${encodeURIComponent(sessionId)}${METADATA_EXTENSION}`);
  }

  private async read(sessionId: string): Promise<FileState> {
    const bytes = await readFile(this.pathOf(sessionId)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return Buffer.alloc(0);
      throw error;
    });
    return parseRecords(sessionId, bytes);
  }

  /** Runs `work` holding this session's lock, in this process and across processes. */
  private locked<T>(sessionId: string, work: () => Promise<T>): Promise<T> {
    this.ready ??= mkdir(this.directory, { recursive: true });
    const previous = this.queues.get(sessionId) ?? Promise.resolve();
    const run = previous
      .catch(() => undefined)
      .then(() => this.ready)
      .then(() => withFileLock(`${this.pathOf(sessionId)}.lock`, work, this.lockTimeoutMs));
    const tail = run.catch(() => undefined);
    this.queues.set(sessionId, tail);
    void tail.then(() => {
      if (this.queues.get(sessionId) === tail) this.queues.delete(sessionId);
    });
    return run;
  }
}

function checksum(version: number, messagesJson: string): string {
  return createHash("sha256").update(`${version}:${messagesJson}`).digest("hex");
}

function recordLine(version: number, messagesJson: string): string {
  return `{"version":${version},"sha256":"${checksum(version, messagesJson)}"${MESSAGES_KEY}${messagesJson}}\n`;
}

/** Reads whole records; a torn or unchecked last line is ignored, a damaged earlier one is an error. */
function parseRecords(sessionId: string, bytes: Buffer): FileState {
  const messages: Message[] = [];
  let version = 0;
  let offset = 0;
  while (offset < bytes.length) {
    const end = bytes.indexOf(10, offset);
    if (end < 0) break;
    const record = readRecord(bytes.toString("utf8", offset, end));
    if (!record) {
      if (end + 1 >= bytes.length) break;
      throw new LodeError(
        "invalid-request",
        `Session ${sessionId}: the record at byte ${offset} of its file is damaged (checksum mismatch).`,
      );
    }
    messages.push(...record.messages);
    version = record.version;
    offset = end + 1;
  }
  return { goodLength: offset, size: bytes.length, version, messages };
}

function readRecord(line: string): { version: number; messages: Message[] } | undefined {
  const match = /^\{"version":(\d+),"sha256":"([0-9a-f]{64})"/.exec(line);
  if (!match || !line.endsWith("}")) return undefined;
  const start = match[0].length;
  if (!line.startsWith(MESSAGES_KEY, start)) return undefined;
  const messagesJson = line.slice(start + MESSAGES_KEY.length, -1);
  const version = Number(match[1]);
  if (checksum(version, messagesJson) !== match[2]) return undefined;
  return { version, messages: parseMessageJson<Message[]>(messagesJson) };
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, "r");
  try {
    await handle.sync();
  } catch {
    // Some platforms cannot fsync a directory; the file itself is synced.
  } finally {
    await handle.close();
  }
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== "ENOENT") throw error;
}
