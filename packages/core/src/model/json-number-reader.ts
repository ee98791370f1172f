/**
 * JSON's number grammar, `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, as the states a reader
 * steps through one character at a time, so a number split across pieces is read without going back.
 */
const State = {
  Start: 0,
  /** `-` */
  Minus: 1,
  /** `0` or `-0`: no digit may follow. */
  Zero: 2,
  /** `12` */
  Integer: 3,
  /** `1.` */
  Dot: 4,
  /** `1.5` */
  Fraction: 5,
  /** `1e` or `1.5E` */
  Exponent: 6,
  /** `1e-` */
  ExponentSign: 7,
  /** `1e5` */
  ExponentDigits: 8,
  /** A number character where the grammar allows none (`01`, `1-`, `1.e`). */
  Invalid: 9,
  /** A character no number holds (`,` `]` `}` space…): the number ends before it. */
  Ended: 10,
} as const;
type State = (typeof State)[keyof typeof State];

/** Reads one JSON number as its pieces arrive; it shows as its longest valid prefix (`1` for `1.` or `1e`). */
export class JsonNumberReader {
  /** `open` while characters may follow; `ended` at the first character after a whole number. */
  status: "open" | "ended" | "invalid" = "open";
  /** How many characters of the number so far form a whole number (0 for `-`). */
  validLength = 0;
  private chars = "";
  private state: State = State.Start;

  begin(): void {
    this.status = "open";
    this.validLength = 0;
    this.chars = "";
    this.state = State.Start;
  }

  /** Reads from `index`; returns where it stopped: the piece's end, or the character that ended the number. */
  read(chunk: string, index: number): number {
    const start = index;
    const before = this.chars.length;
    let next: State = this.state;
    for (; index < chunk.length; index++) {
      next = nextState(this.state, chunk.charCodeAt(index));
      if (next === State.Ended || next === State.Invalid) break;
      this.state = next;
      if (isWhole(next)) this.validLength = before + index - start + 1;
    }
    this.chars += chunk.slice(start, index);
    if (index < chunk.length) this.status = next === State.Ended && isWhole(this.state) ? "ended" : "invalid";
    return index;
  }

  /** The number its longest valid prefix spells; `undefined` when there is none yet. Costs its length. */
  value(): number | undefined {
    if (this.validLength === 0) return undefined;
    return Number(
      this.validLength === this.chars.length ? this.chars : this.chars.slice(0, this.validLength),
    );
  }
}

function isWhole(state: State): boolean {
  return (
    state === State.Zero ||
    state === State.Integer ||
    state === State.Fraction ||
    state === State.ExponentDigits
  );
}

const ZERO = 0x30;
const NINE = 0x39;

function nextState(state: State, code: number): State {
  if (code >= ZERO && code <= NINE) {
    switch (state) {
      case State.Start:
      case State.Minus:
        return code === ZERO ? State.Zero : State.Integer;
      case State.Integer:
        return State.Integer;
      case State.Dot:
      case State.Fraction:
        return State.Fraction;
      case State.Exponent:
      case State.ExponentSign:
      case State.ExponentDigits:
        return State.ExponentDigits;
      default:
        return State.Invalid;
    }
  }
  switch (code) {
    case 0x2d: // -
      if (state === State.Start) return State.Minus;
      return state === State.Exponent ? State.ExponentSign : State.Invalid;
    case 0x2b: // +
      return state === State.Exponent ? State.ExponentSign : State.Invalid;
    case 0x2e: // .
      return state === State.Zero || state === State.Integer ? State.Dot : State.Invalid;
    case 0x65: // e
    case 0x45: // E
      return state === State.Zero || state === State.Integer || state === State.Fraction
        ? State.Exponent
        : State.Invalid;
    default:
      return State.Ended;
  }
}
