import { IncrementalJsonParser } from "./incremental-json-parser.js";

/**
 * Best-effort parse of a JSON document that is still arriving, so a UI can show tool arguments as they
 * form. A half-written string value is shown as far as it goes (an escape still being written left out);
 * a half-written key or literal is left out until it is whole; a number shows its longest valid prefix
 * (`1` for `1.`). `undefined` when nothing can be made of it yet. Text that stops being JSON shows what its
 * valid beginning showed. One pass over the text; to follow a stream, feed an incremental parser each
 * piece instead of calling this on every prefix (which costs the whole text each time).
 */
export function parsePartialJson(text: string): unknown {
  const parser = new IncrementalJsonParser();
  parser.feed(text);
  return parser.value();
}
