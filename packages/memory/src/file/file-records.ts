import { createHash } from "node:crypto";
import type { Message } from "@aws-sdk/client-bedrock-runtime";
import { LodeError, parseWithBytes } from "@lode/core";

/**
 * The record format of a session file: one JSON line per append,
 * `{"version":<n>,"sha256":"<hex>","messages":[...]}`, the checksum covering the version and the messages.
 * `JSON.stringify` escapes every newline inside a string, so the line's own `\n` is the only one: a reader
 * can split the file at newlines, from the front or from the back.
 */

/** The bytes of the file that hold whole, checked records, and the version the last of them reached. */
export interface FileTail {
  /** Bytes of the file that hold whole, checked records. */
  goodLength: number;
  /** The file's size when read (more than `goodLength` after a torn write). */
  size: number;
  version: number;
}

export interface FileState extends FileTail {
  messages: Message[];
}

const MESSAGES_KEY = ',"messages":';
const HEADER = /^\{"version":(\d+),"sha256":"([0-9a-f]{64})"/;

function checksum(version: number, messagesJson: string): string {
  return createHash("sha256").update(`${version}:${messagesJson}`).digest("hex");
}

export function recordLine(version: number, messagesJson: string): string {
  return `{"version":${version},"sha256":"${checksum(version, messagesJson)}"${MESSAGES_KEY}${messagesJson}}\n`;
}

/** A line (without its `\n`) whose checksum matches, as its version and messages JSON; else undefined. */
export function checkedRecord(line: string): { version: number; messagesJson: string } | undefined {
  const match = HEADER.exec(line);
  if (!match || !line.endsWith("}")) return undefined;
  const start = match[0].length;
  if (!line.startsWith(MESSAGES_KEY, start)) return undefined;
  const messagesJson = line.slice(start + MESSAGES_KEY.length, -1);
  const version = Number(match[1]);
  if (checksum(version, messagesJson) !== match[2]) return undefined;
  return { version, messagesJson };
}

export function damagedRecord(sessionId: string, offset: number): LodeError {
  return new LodeError(
    "invalid-request",
    `Session ${sessionId}: the record at byte ${offset} of its file is damaged (checksum mismatch).`,
  );
}

/** Reads whole records; a torn or unchecked last line is ignored, a damaged earlier one is an error. */
export function parseRecords(sessionId: string, bytes: Buffer): FileState {
  const messages: Message[] = [];
  let version = 0;
  let offset = 0;
  while (offset < bytes.length) {
    const end = bytes.indexOf(10, offset);
    if (end < 0) break;
    const record = checkedRecord(bytes.toString("utf8", offset, end));
    if (!record) {
      if (end + 1 >= bytes.length) break;
      throw damagedRecord(sessionId, offset);
    }
    messages.push(...(parseWithBytes(record.messagesJson) as Message[]));
    version = record.version;
    offset = end + 1;
  }
  return { goodLength: offset, size: bytes.length, version, messages };
}
