const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};
/** `escape` outside an escape, and right after a backslash; 2 to 5 are inside `\uXXXX` (digits read + 2). */
const NO_ESCAPE = 0;
const BACKSLASH = 1;
const UNICODE_DIGITS_START = 2;
const UNICODE_DONE = 6;

/**
 * Reads one JSON string, after its opening quote, as its pieces arrive: escapes may be split anywhere,
 * `\uXXXX` between its digits too. The text grows by concatenation (V8 keeps it as a rope: no copy).
 */
export class JsonStringReader {
  /** The characters decoded so far; an escape still being written is left out until whole. */
  text = "";
  /** `closed` once the closing quote is read; `invalid` at a bad escape or a raw control character. */
  status: "open" | "closed" | "invalid" = "open";
  private escape = NO_ESCAPE;
  private unicode = 0;

  begin(): void {
    this.text = "";
    this.status = "open";
    this.escape = NO_ESCAPE;
  }

  /** Reads from `index`; returns where it stopped: the piece's end, after the closing quote, or at a bad character. */
  read(chunk: string, index: number): number {
    while (index < chunk.length) {
      if (this.escape !== NO_ESCAPE) {
        if (!this.readEscape(chunk[index] as string)) {
          this.status = "invalid";
          return index;
        }
        index++;
        continue;
      }
      // Plain characters run to the next quote, backslash or control character: one slice for the run.
      let end = index;
      let code = 0;
      for (; end < chunk.length; end++) {
        code = chunk.charCodeAt(end);
        if (code === 0x22 || code === 0x5c || code < 0x20) break;
      }
      if (end > index) this.text += chunk.slice(index, end);
      if (end === chunk.length) return end;
      if (code === 0x5c) this.escape = BACKSLASH;
      else {
        this.status = code === 0x22 ? "closed" : "invalid";
        return code === 0x22 ? end + 1 : end;
      }
      index = end + 1;
    }
    return index;
  }

  /** Reads one character of an escape; false when it cannot be one. */
  private readEscape(char: string): boolean {
    if (this.escape === BACKSLASH) {
      if (char === "u") {
        this.escape = UNICODE_DIGITS_START;
        this.unicode = 0;
        return true;
      }
      const decoded = SIMPLE_ESCAPES[char];
      if (decoded === undefined) return false;
      this.escape = NO_ESCAPE;
      this.text += decoded;
      return true;
    }
    const digit = Number.parseInt(char, 16);
    if (Number.isNaN(digit)) return false;
    this.unicode = this.unicode * 16 + digit;
    if (++this.escape === UNICODE_DONE) {
      this.escape = NO_ESCAPE;
      // One \uXXXX is one UTF-16 unit, as in JSON.parse: a surrogate pair's halves join as the text grows.
      this.text += String.fromCharCode(this.unicode);
    }
    return true;
  }
}
