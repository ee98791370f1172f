/** One Server-Sent Events message: its `event` name (`"message"` when unnamed), `data` and last `id`. */
export interface SseMessage {
  event: string;
  data: string;
  id: string | undefined;
}

/**
 * Parses a Server-Sent Events byte stream as the HTML standard says: lines end with CRLF, LF or CR (even
 * split across chunks), `:` starts a comment (keep-alives), one space after a field's colon is dropped,
 * `data` lines join with LF, and a blank line dispatches the message (messages without data are skipped).
 * Reads until the stream ends; stopping early leaves the reader for the caller to cancel.
 */
export async function* parseSse(reader: ReadableStreamDefaultReader<Uint8Array>): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  let buffer = "";
  let event = "";
  let data: string[] = [];
  let id: string | undefined;
  let hasCR = false;
  // Where the search for the next line end resumes: a long line arriving in many chunks is scanned once.
  let scanFrom = 0;
  for (;;) {
    const { done, value } = await reader.read();
    const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
    buffer += text;
    if (text.includes("\r")) hasCR = true;
    let start = 0;
    for (;;) {
      const lineEnd = hasCR
        ? nextLineEnd(buffer, Math.max(start, scanFrom))
        : buffer.indexOf("\n", Math.max(start, scanFrom));
      if (lineEnd === -1) {
        scanFrom = buffer.length;
        break;
      }
      // A CR last in the buffer may be the first half of a CRLF: wait for the next chunk to tell.
      if (buffer.charCodeAt(lineEnd) === CR && lineEnd === buffer.length - 1 && !done) {
        scanFrom = lineEnd;
        break;
      }
      const line = buffer.slice(start, lineEnd);
      start = lineEnd + (buffer.charCodeAt(lineEnd) === CR && buffer.charCodeAt(lineEnd + 1) === LF ? 2 : 1);
      if (line === "") {
        if (data.length > 0) yield { event: event || "message", data: data.join("\n"), id };
        event = "";
        data = [];
        continue;
      }
      const colon = line.indexOf(":");
      if (colon === 0) continue;
      const field = colon === -1 ? line : line.slice(0, colon);
      let fieldValue = colon === -1 ? "" : line.slice(colon + 1);
      if (fieldValue.charCodeAt(0) === SPACE) fieldValue = fieldValue.slice(1);
      if (field === "data") data.push(fieldValue);
      else if (field === "event") event = fieldValue;
      else if (field === "id" && !fieldValue.includes("\0")) id = fieldValue;
    }
    buffer = buffer.slice(start);
    scanFrom -= start;
    // A message not ended by a blank line when the stream ends is dropped, as the standard says.
    if (done) return;
  }
}

const CR = 13;
const LF = 10;
const SPACE = 32;

function nextLineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === LF || code === CR) return i;
  }
  return -1;
}
