import type { FileHandle } from "node:fs/promises";
import { LodeError } from "@lode/core";
import { checkedRecord, damagedRecord, type FileTail } from "./file-records.js";

/** The first read from the end of the file; big enough for a usual record and its neighbour's newline. */
const FIRST_BLOCK = 16 * 1024;
const NEWLINE = 10;

/**
 * Finds the last whole, checked record of a session file by reading it backwards from its end, so an
 * append costs the same on a session of ten messages or of ten thousand. It reads the file itself rather
 * than a side index because the file is the only thing every process writes (under the session's lock):
 * whatever another process appended since is at the tail, and there is no second file to crash out of step.
 * It judges the last lines exactly as `parseRecords` does reading from the front: bytes after the last
 * newline are a torn write, ignored; a last line whose checksum fails is ignored too, but then the line
 * before it must check; a failing line with anything after it is damage, an error. Earlier records are not
 * re-checked here: that is what made appends grow with the session; `load` still checks them all.
 */
export async function readTail(sessionId: string, handle: FileHandle, size: number): Promise<FileTail> {
  const window = new TailWindow(handle, size);
  const lastNewline = await window.newlineBefore(size);
  if (lastNewline < 0) return { goodLength: 0, size, version: 0 };
  const lineStart = (await window.newlineBefore(lastNewline)) + 1;
  const last = checkedRecord(await window.text(lineStart, lastNewline));
  if (last) return { goodLength: lastNewline + 1, size, version: last.version, blockId: last.blockId };
  if (lastNewline + 1 < size) throw damagedRecord(sessionId, lineStart);
  if (lineStart === 0) return { goodLength: 0, size, version: 0 };
  const previousStart = (await window.newlineBefore(lineStart - 1)) + 1;
  const previous = checkedRecord(await window.text(previousStart, lineStart - 1));
  if (!previous) throw damagedRecord(sessionId, previousStart);
  return { goodLength: lineStart, size, version: previous.version, blockId: previous.blockId };
}

/** The bytes `[start, size)` of the file, grown backwards (doubling, so a huge record costs few reads). */
class TailWindow {
  private start: number;
  private bytes = Buffer.alloc(0);

  constructor(
    private readonly handle: FileHandle,
    private readonly size: number,
  ) {
    this.start = size;
  }

  /** The position of the last newline before `end`, or -1 when there is none. */
  async newlineBefore(end: number): Promise<number> {
    let from = end - 1;
    for (;;) {
      if (from < 0) return -1;
      if (from >= this.start) {
        const found = this.bytes.lastIndexOf(NEWLINE, from - this.start);
        if (found >= 0) return this.start + found;
        from = this.start - 1;
        if (from < 0) return -1;
      }
      await this.extend();
    }
  }

  /** The bytes `[from, to)` as text; `from` lies in the window once a search has reached it. */
  async text(from: number, to: number): Promise<string> {
    while (from < this.start) await this.extend();
    return this.bytes.toString("utf8", from - this.start, to - this.start);
  }

  private async extend(): Promise<void> {
    const block = Math.max(FIRST_BLOCK, this.size - this.start);
    const start = Math.max(0, this.start - block);
    const chunk = Buffer.alloc(this.start - start);
    let filled = 0;
    while (filled < chunk.length) {
      const { bytesRead } = await this.handle.read(chunk, filled, chunk.length - filled, start + filled);
      // The lock keeps other writers out, so only a change made outside Lode can shrink the file.
      if (bytesRead === 0)
        throw new LodeError("invalid-request", "The session file shrank while its tail was read.");
      filled += bytesRead;
    }
    this.bytes = Buffer.concat([chunk, this.bytes]);
    this.start = start;
  }
}
