import { randomUUID } from "node:crypto";
import { type FileHandle, mkdir, open, readdir, readFile, rename, unlink } from "node:fs/promises";
import { join } from "node:path";
import type { Message } from "@aws-sdk/client-bedrock-runtime";
import {
  type AppendOptions,
  type ConversationStore,
  LodeError,
  type SessionMetadata,
  type StoredConversation,
  stringifyWithBytes,
  versionConflict,
} from "@lode/core";
import { withFileLock } from "./file-lock.js";
import { type FileState, type FileTail, parseRecords, recordLine, recordsHoldBlock } from "./file-records.js";
import { readTail } from "./file-tail.js";

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

const EXTENSION = ".jsonl";
const METADATA_EXTENSION = ".meta.json";
const EMPTY_TAIL: FileTail = { goodLength: 0, size: 0, version: 0 };
const UUID = "00000000-0000-0000-0000-000000000000";
/**
 * The longest session id, URL-encoded, in bytes: file systems take names of 255 bytes at most, and the
 * longest name a session's files get is the lock's, while it takes over a stale takeover guard (see
 * `withFileLock`): `<id>.jsonl.lock.takeover-<16 hex>.<uuid>.tmp.<uuid>`, 115 bytes more than the id.
 */
const MAX_ENCODED_ID_BYTES = 255 - `${EXTENSION}.lock.takeover-${"0".repeat(16)}.${UUID}.tmp.${UUID}`.length;

/**
 * Keeps each session in one append-only file of JSON lines: every append writes one line holding the
 * batch, the version it reached, its block id (when named) and a SHA-256 checksum, in one write just after
 * the last whole record, fsynced before the append resolves. An append reads only the file's tail (see
 * `readTail`), so it costs the same however long the session is. A per-session lock (in this process, then
 * a lock file across processes) serializes writers; a reader ignores a torn last line, so a process killed
 * mid-write loses only the append it was never told succeeded, and the file always loads. A session's
 * metadata lives in a sidecar `<session>.meta.json`, replaced atomically (written to a temporary file,
 * fsynced, renamed).
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

  /**
   * Appends as the contract says. A repeated `blockId` is found in constant time when it is the last
   * record's; the rest of the file is searched only when the version does not match, as it does not for a
   * writer retrying with the version it first sent. (A retry at the session's current version, with
   * another writer's record after its block, is not caught: it would cost a scan on every append.)
   */
  async append(
    sessionId: string,
    messages: Message[],
    expectedVersion: number,
    { blockId }: AppendOptions = {},
  ): Promise<number> {
    return this.locked(sessionId, async () => {
      const path = this.pathOf(sessionId);
      let handle = await open(path, "r+").catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return undefined;
        throw error;
      });
      try {
        // Only the tail is read: the lock keeps every other writer out until this record is written.
        const tail = handle ? await readTail(sessionId, handle, (await handle.stat()).size) : EMPTY_TAIL;
        if (blockId !== undefined && handle) {
          const repeated =
            tail.blockId === blockId ||
            (tail.version !== expectedVersion && (await holdsBlock(handle, tail.goodLength, blockId)));
          if (repeated) return tail.version;
        }
        if (tail.version !== expectedVersion) {
          throw versionConflict(sessionId, tail.version, expectedVersion);
        }
        // Nothing to write: the version is checked, and a missing session stays missing.
        if (messages.length === 0) return tail.version;
        // Created only now, so a refused append to a missing session leaves no empty file to list.
        handle ??= await open(path, "w");
        // A torn line left by a killed writer goes before the next record lands after it.
        if (tail.size > tail.goodLength) await handle.truncate(tail.goodLength);
        const version = expectedVersion + messages.length;
        const line = Buffer.from(recordLine(version, stringifyWithBytes(messages), blockId));
        let written = 0;
        while (written < line.length) {
          const position = tail.goodLength + written;
          written += (await handle.write(line, written, line.length - written, position)).bytesWritten;
        }
        await handle.sync();
        if (tail.size === 0) await syncDirectory(this.directory);
        return version;
      } finally {
        await handle?.close();
      }
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
    if (text === undefined) return {};
    try {
      return JSON.parse(text) as SessionMetadata;
    } catch (error) {
      throw new LodeError("invalid-request", `Session ${sessionId}: its metadata file is damaged.`, {
        cause: error,
      });
    }
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
    return join(this.directory, `${fileNameOf(sessionId)}${EXTENSION}`);
  }

  private metadataPathOf(sessionId: string): string {
    return join(this.directory, `${fileNameOf(sessionId)}${METADATA_EXTENSION}`);
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
      .then(() => withFileLock(`${this.pathOf(sessionId)}.lock`, work, { timeoutMs: this.lockTimeoutMs }));
    const tail = run.catch(() => undefined);
    this.queues.set(sessionId, tail);
    void tail.then(() => {
      if (this.queues.get(sessionId) === tail) this.queues.delete(sessionId);
    });
    return run;
  }
}

/**
 * The session's file name, without extension. An id too long for one is refused up front: the file
 * system's ENAMETOOLONG would come only at the first read or write, as a store failure that looks
 * transient and prints the whole path.
 */
function fileNameOf(sessionId: string): string {
  const encoded = encodeURIComponent(sessionId);
  if (encoded.length <= MAX_ENCODED_ID_BYTES) return encoded;
  const shown = sessionId.length > 40 ? `${sessionId.slice(0, 40)}…` : sessionId;
  throw new LodeError(
    "store-failed",
    `FileConversationStore cannot hold session ${JSON.stringify(shown)} (${sessionId.length} characters): ` +
      `its file name would be ${encoded.length} bytes URL-encoded, over the ${MAX_ENCODED_ID_BYTES} a file ` +
      "system leaves it. Use shorter session ids (a UUID, or a hash of a longer key).",
    { retryable: false },
  );
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

/** Whether the file's whole records (its first `goodLength` bytes) hold one appended under `blockId`. */
async function holdsBlock(handle: FileHandle, goodLength: number, blockId: string): Promise<boolean> {
  const bytes = Buffer.alloc(goodLength);
  let filled = 0;
  while (filled < goodLength) {
    const { bytesRead } = await handle.read(bytes, filled, goodLength - filled, filled);
    // The lock keeps other writers out, so only a change made outside Lode can shrink the file.
    if (bytesRead === 0) throw new LodeError("invalid-request", "The session file shrank while it was read.");
    filled += bytesRead;
  }
  return recordsHoldBlock(bytes, blockId);
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== "ENOENT") throw error;
}
