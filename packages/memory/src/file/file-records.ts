import { createHash } from "node:crypto";
import type { Message } from "@aws-sdk/client-bedrock-runtime";
import { LodeError, parseWithBytes } from "@lode/core";

/**
 * The record format of a session file: one JSON line per append,
 * `{"version":<n>,"sha256":"<hex>","messages":[...]}`, the checksum covering the version and the messages;
 * an append that names its block writes `{"version":<n>,"sha256":"<hex>","blockId":"<id>","messages":[...]}`,
 * the checksum then covering the block id too. Lines without a block id are exactly the earlier format, so
 * files written before block ids existed load unchanged.
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
  /** The block id of the last whole record, when its append named one. */
  blockId?: string;
}

export interface FileState extends FileTail {
  messages: Message[];
}

/** One whole, checked record line. */
export interface CheckedRecord {
  version: number;
  messagesJson: string;
  blockId?: string;
}

const MESSAGES_KEY = ',"messages":';
const NEWLINE = 10;
// The block id is a JSON string: quotes and backslashes inside it are escaped, so it ends at the first bare quote.
const HEADER = /^\{"version":(\d+),"sha256":"([0-9a-f]{64})"(?:,"blockId":("(?:[^"\\]|\\.)*"))?/;

/** The checksum of a record; a record without a block id hashes exactly as the earlier format did. */
function checksum(version: number, messagesJson: string, blockIdJson: string | undefined): string {
  const blockPart = blockIdJson === undefined ? "" : `${blockIdJson}:`;
  return createHash("sha256").update(`${version}:${blockPart}${messagesJson}`).digest("hex");
}

export function recordLine(version: number, messagesJson: string, blockId?: string): string {
  const blockIdJson = blockId === undefined ? undefined : JSON.stringify(blockId);
  const blockField = blockIdJson === undefined ? "" : `,"blockId":${blockIdJson}`;
  const sha256 = checksum(version, messagesJson, blockIdJson);
  return `{"version":${version},"sha256":"${sha256}"${blockField}${MESSAGES_KEY}${messagesJson}}\n`;
}

/** A line (without its `\n`) whose checksum matches, as its version, messages JSON and block id; else undefined. */
export function checkedRecord(line: string): CheckedRecord | undefined {
  const match = HEADER.exec(line);
  if (!match || !line.endsWith("}")) return undefined;
  const start = match[0].length;
  if (!line.startsWith(MESSAGES_KEY, start)) return undefined;
  const messagesJson = line.slice(start + MESSAGES_KEY.length, -1);
  const version = Number(match[1]);
  const blockIdJson = match[3];
  if (checksum(version, messagesJson, blockIdJson) !== match[2]) return undefined;
  if (blockIdJson === undefined) return { version, messagesJson };
  return { version, messagesJson, blockId: JSON.parse(blockIdJson) as string };
}

/**
 * Whether a whole record among `bytes` (the file's checked records, up to its good length) carries
 * `blockId`. It checks only the lines that hold the id's text, and parses no messages.
 */
export function recordsHoldBlock(bytes: Buffer, blockId: string): boolean {
  // A cheap filter first: a record carrying the id holds its JSON text, escaped the same way.
  const needle = Buffer.from(`,"blockId":${JSON.stringify(blockId)},`);
  let from = 0;
  for (;;) {
    const found = bytes.indexOf(needle, from);
    if (found < 0) return false;
    // The same text may sit inside a message (a tool input with a "blockId" field): the header decides.
    const start = bytes.lastIndexOf(NEWLINE, found) + 1;
    const end = bytes.indexOf(NEWLINE, found);
    if (end < 0) return false;
    if (checkedRecord(bytes.toString("utf8", start, end))?.blockId === blockId) return true;
    from = end + 1;
  }
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
  let blockId: string | undefined;
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
    blockId = record.blockId;
    offset = end + 1;
  }
  return { goodLength: offset, size: bytes.length, version, blockId, messages };
}
