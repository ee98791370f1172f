import { JsonNumberReader } from "./json-number-reader.js";
import { JsonStringReader } from "./json-string-reader.js";

/** What the next character may be. */
const Expect = {
  /** A value: at the start, after `:`, after `,` in an array. */
  Value: 0,
  /** After `[`: a value or `]`. */
  ValueOrEnd: 1,
  /** After `{`: a key or `}`. */
  KeyOrEnd: 2,
  /** After `,` in an object. */
  Key: 3,
  Colon: 4,
  /** After a member of a container. */
  CommaOrEnd: 5,
  /** Inside a string: a key or a value (`stringIsKey`). */
  StringChars: 6,
  NumberChars: 7,
  LiteralChars: 8,
  /** The document is whole: only whitespace may follow. */
  Nothing: 9,
} as const;
type Expect = (typeof Expect)[keyof typeof Expect];

/** An array or object still open, with its whole members: none of them changes again. */
interface OpenContainer {
  items: unknown[] | undefined;
  entries: Record<string, unknown> | undefined;
  /** In an object, the key of the member being read. */
  key: string;
}

const LITERALS: Record<string, true | false | null> = { t: true, f: false, n: null };

/**
 * Parses a JSON document that arrives in pieces, reading each character once: `feed` costs the length of
 * its piece, so a tool input streamed in thousands of deltas costs time linear in its size, not quadratic.
 *
 * `value()` is the best effort at the text so far, as `parsePartialJson` shows it: a half-written string
 * value as far as it goes (an escape still being written left out), a key only once its value has begun,
 * a literal (`true`, `false`, `null`) only once whole, a number as its longest valid prefix (`12` while
 * `123` arrives, `1` for `1.` or `1e`; a lone `-` is left out), `undefined` before any value begins.
 *
 * Each value is a snapshot that later pieces never change, so events can keep it. A sub-value is built
 * once, when it is whole, and shared by every later snapshot; only the containers still open (on the path
 * from the root to the value being written) are copied, shallowly, and only when `value()` is called after
 * a piece changed what it shows (otherwise the last snapshot is returned again). So a snapshot costs the
 * depth of that path plus one pointer per member of each open container: an open array of k items costs
 * a k-pointer copy, since a plain array cannot share another's elements and each snapshot differs from the
 * last in its open member. (Measured by bench/partial-json.ts, 64-character deltas with a snapshot each:
 * a 1 MB string takes about 80 ms in all, but 1 MB of small objects in one array about 2 s, as that
 * array's copies grow with it.) A number still being written costs its length. Nothing is frozen: treat
 * snapshots as read-only, since their sub-values are shared.
 *
 * Text that cannot be JSON stops the parse without throwing: `broken` turns true, later pieces are ignored,
 * and `value()` keeps what the valid beginning showed.
 */
export class IncrementalJsonParser {
  private expect: Expect = Expect.Value;
  private readonly open: OpenContainer[] = [];
  private root: unknown;
  private readonly string = new JsonStringReader();
  private stringIsKey = false;
  private readonly number = new JsonNumberReader();
  private literal = "";
  private literalRead = 0;
  private isBroken = false;
  private snapshot: unknown;
  private changed = false;

  /** Whether the text stopped being JSON; `value()` then keeps what the text before that showed. */
  get broken(): boolean {
    return this.isBroken;
  }

  /** Whether a whole document has been read (a top-level number only once a character after it came). */
  get complete(): boolean {
    return this.expect === Expect.Nothing && !this.isBroken;
  }

  /** Reads the next piece of the text. */
  feed(chunk: string): void {
    let index = 0;
    while (index < chunk.length && !this.isBroken) {
      if (this.expect === Expect.StringChars) index = this.readString(chunk, index);
      else if (this.expect === Expect.NumberChars) index = this.readNumber(chunk, index);
      else if (this.expect === Expect.LiteralChars) index = this.readLiteral(chunk, index);
      else index = this.readStructure(chunk, index);
    }
  }

  /** The value of the text so far (see the class); the same snapshot until a piece changes what it shows. */
  value(): unknown {
    if (!this.changed) return this.snapshot;
    this.changed = false;
    let member = this.openScalar();
    for (let depth = this.open.length - 1; depth >= 0; depth--) {
      const container = this.open[depth] as OpenContainer;
      if (container.items) {
        // concat sizes the copy once; slice-then-push would grow it, a second copy (ten times slower here).
        member = member === undefined ? container.items.slice() : container.items.concat([member]);
      } else {
        const copy = { ...container.entries };
        if (member !== undefined) setEntry(copy, container.key, member);
        member = copy;
      }
    }
    this.snapshot = this.open.length === 0 && member === undefined ? this.root : member;
    return this.snapshot;
  }

  /** The string or number being written as the innermost member (or as the document), if it shows yet. */
  private openScalar(): unknown {
    if (this.expect === Expect.StringChars) return this.stringIsKey ? undefined : this.string.text;
    return this.expect === Expect.NumberChars ? this.number.value() : undefined;
  }

  /** Reads one structural character or whitespace, or begins a value; returns where reading goes on. */
  private readStructure(chunk: string, index: number): number {
    const char = chunk[index] as string;
    if (char === " " || char === "\n" || char === "\r" || char === "\t") return index + 1;
    switch (this.expect) {
      case Expect.ValueOrEnd:
        return char === "]" ? this.closeContainer(index) : this.beginValue(char, index);
      case Expect.Value:
        return this.beginValue(char, index);
      case Expect.KeyOrEnd:
        return char === "}" ? this.closeContainer(index) : this.beginKey(char, index);
      case Expect.Key:
        return this.beginKey(char, index);
      case Expect.Colon:
        if (char !== ":") return this.stop(index);
        this.expect = Expect.Value;
        return index + 1;
      case Expect.CommaOrEnd: {
        const inArray = this.open.at(-1)?.items !== undefined;
        if (char === ",") {
          this.expect = inArray ? Expect.Value : Expect.Key;
          return index + 1;
        }
        return char === (inArray ? "]" : "}") ? this.closeContainer(index) : this.stop(index);
      }
      default:
        return this.stop(index);
    }
  }

  private beginValue(char: string, index: number): number {
    if (char === '"') {
      this.beginString(false);
      this.changed = true;
      return index + 1;
    }
    if (char === "[" || char === "{") {
      const isArray = char === "[";
      this.open.push({ items: isArray ? [] : undefined, entries: isArray ? undefined : {}, key: "" });
      this.expect = isArray ? Expect.ValueOrEnd : Expect.KeyOrEnd;
      this.changed = true;
      return index + 1;
    }
    // Numbers and literals are read from their first character, by their own readers.
    if (char === "-" || (char >= "0" && char <= "9")) {
      this.number.begin();
      this.expect = Expect.NumberChars;
      return index;
    }
    if (char === "t" || char === "f" || char === "n") {
      this.literal = char === "t" ? "true" : char === "f" ? "false" : "null";
      this.literalRead = 0;
      this.expect = Expect.LiteralChars;
      return index;
    }
    return this.stop(index);
  }

  private beginKey(char: string, index: number): number {
    if (char !== '"') return this.stop(index);
    this.beginString(true);
    return index + 1;
  }

  private beginString(isKey: boolean): void {
    this.string.begin();
    this.stringIsKey = isKey;
    this.expect = Expect.StringChars;
  }

  private readString(chunk: string, index: number): number {
    const string = this.string;
    const length = string.text.length;
    const end = string.read(chunk, index);
    if (!this.stringIsKey && string.text.length !== length) this.changed = true;
    if (string.status === "invalid") return this.stop(end);
    if (string.status === "closed") {
      const text = string.text;
      string.begin();
      if (!this.stringIsKey) this.finishValue(text);
      else {
        (this.open.at(-1) as OpenContainer).key = text;
        this.expect = Expect.Colon;
      }
    }
    return end;
  }

  private readNumber(chunk: string, index: number): number {
    const number = this.number;
    const validLength = number.validLength;
    const end = number.read(chunk, index);
    if (number.validLength !== validLength) this.changed = true;
    if (number.status === "invalid") return this.stop(end);
    // The character that ended it (`,` `]` `}` or space) is read as structure next.
    if (number.status === "ended") this.finishValue(number.value());
    return end;
  }

  private readLiteral(chunk: string, index: number): number {
    for (; index < chunk.length; index++) {
      if (chunk[index] !== this.literal[this.literalRead]) return this.stop(index);
      if (++this.literalRead === this.literal.length) {
        this.finishValue(LITERALS[this.literal[0] as string]);
        return index + 1;
      }
    }
    return index;
  }

  private closeContainer(index: number): number {
    const container = this.open.pop() as OpenContainer;
    this.finishValue(container.items ?? container.entries);
    return index + 1;
  }

  /** A value is whole: it joins its container (or is the document), and never changes again. */
  private finishValue(value: unknown): void {
    const top = this.open.at(-1);
    if (!top) {
      this.root = value;
      this.expect = Expect.Nothing;
    } else {
      if (top.items) top.items.push(value);
      else setEntry(top.entries as Record<string, unknown>, top.key, value);
      this.expect = Expect.CommaOrEnd;
    }
    this.changed = true;
  }

  /** The text is not JSON from `index` on; the state stays as the valid beginning left it. */
  private stop(index: number): number {
    this.isBroken = true;
    return index;
  }
}

/** Sets a member as JSON.parse does: a `__proto__` key becomes an own member, not the prototype. */
function setEntry(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__")
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}
