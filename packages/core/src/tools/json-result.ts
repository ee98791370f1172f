import { describeError } from "../errors/describe-error.js";

/**
 * A `json` tool result as the JSON Bedrock is sent. The SDK writes a document as it finds it, so a value
 * plain JSON has no form for would otherwise reach the wire wrong (a Date as epoch seconds, a BigInt as
 * a rounded number, NaN as the string "NaN"), break the request body (a function, a symbol), or blow
 * the stack (a circular reference), failing the whole run instead of the one call.
 *
 * The rules, those of `JSON.stringify` but for BigInt:
 * - an object with a `toJSON` method is what that returns: a Date is its ISO 8601 string;
 * - a BigInt is its decimal string (`12n` → `"12"`), no digit lost;
 * - NaN, Infinity and -Infinity are `null`;
 * - `undefined`, a function or a symbol is left out of an object, and is `null` in an array;
 * - any other object is its own enumerable string-keyed properties.
 *
 * Refused, with what was found and where: a circular reference, a Map or a Set, an object of a class
 * that has no `toJSON` and no enumerable data of its own (a Promise, an Error, an instance with only
 * private fields), which would otherwise be sent as `{}` with its data silently gone, and nesting
 * deeper than {@link MAX_RESULT_DEPTH} levels.
 */

/** Levels of arrays and objects a json result may nest: deeper is refused, before any stack is at risk. */
export const MAX_RESULT_DEPTH = 1_000;

/** A json result converted by the rules above, or why it cannot be sent. */
export type JsonResult = { ok: true; value: unknown } | { ok: false; reason: string };

/** `value` (a json block's `json`) as plain JSON data, by the rules above. */
export function toJsonResult(value: unknown): JsonResult {
  try {
    return { ok: true, value: convert(value, "", [], [], 0) };
  } catch (error) {
    // A getter or a `toJSON` of the tool's own data may throw too: that is the call's error as well.
    const reason = error instanceof Refusal ? error.message : `reading it threw: ${describeError(error)}`;
    return { ok: false, reason };
  }
}

class Refusal extends Error {}

/** JSON.stringify's "no value here": left out of an object, `null` in an array. */
const OMIT = Symbol("omit");

/**
 * Where the converter is, as the keys (array indexes as numbers) from the root: kept as a stack and made
 * into a path string (`pathOf`) only for a refusal's message, not for every property and item converted.
 */
type Keys = (string | number)[];

function convert(value: unknown, key: string, at: Keys, ancestors: object[], depth: number): unknown {
  let current = value;
  if (isObject(current) && typeof (current as { toJSON?: unknown }).toJSON === "function") {
    try {
      current = (current as { toJSON: (key: string) => unknown }).toJSON(key);
    } catch (error) {
      throw new Refusal(`${pathOf(at)}.toJSON() threw: ${describeError(error)}`);
    }
  }
  switch (typeof current) {
    case "string":
    case "boolean":
      return current;
    case "number":
      return Number.isFinite(current) ? current : null;
    case "bigint":
      return current.toString();
    case "undefined":
    case "function":
    case "symbol":
      return OMIT;
  }
  if (current === null) return null;
  const object = current as object;
  if (ancestors.includes(object))
    throw new Refusal(`${pathOf(at)} is a circular reference (an object that contains itself)`);
  if (depth >= MAX_RESULT_DEPTH)
    throw new Refusal(`${pathOf(at)} nests deeper than ${MAX_RESULT_DEPTH} levels of arrays and objects`);
  ancestors.push(object);
  try {
    if (Array.isArray(object))
      return object.map((item, index) => {
        at.push(index);
        const converted = convert(item, String(index), at, ancestors, depth + 1);
        at.pop();
        return converted === OMIT ? null : converted;
      });
    refuseDataless(object, at);
    const plain: Record<string, unknown> = {};
    for (const name of Object.keys(object)) {
      at.push(name);
      const converted = convert(read(object, name, at), name, at, ancestors, depth + 1);
      at.pop();
      if (converted !== OMIT) plain[name] = converted;
    }
    return plain;
  } finally {
    ancestors.pop();
  }
}

/** A property's value (`at` ends with its name); a getter that throws is refused with where it was. */
function read(object: object, name: string, at: Keys): unknown {
  try {
    return (object as Record<string, unknown>)[name];
  } catch (error) {
    throw new Refusal(`reading ${pathOf(at)} threw: ${describeError(error)}`);
  }
}

function isObject(value: unknown): value is object {
  return (typeof value === "object" && value !== null) || typeof value === "function";
}

/** Refuses an object JSON would send as `{}` though it holds data: its data would be lost unseen. */
function refuseDataless(object: object, at: Keys): void {
  const hint =
    object instanceof Map
      ? "a Map, which JSON has no form for (return Object.fromEntries(map) instead)"
      : object instanceof Set
        ? "a Set, which JSON has no form for (return [...set] instead)"
        : object instanceof Promise
          ? "a Promise, which JSON has no form for (was it awaited?)"
          : undefined;
  if (hint) throw new Refusal(`${pathOf(at)} is ${hint}`);
  const prototype = Object.getPrototypeOf(object);
  if (prototype === Object.prototype || prototype === null || Object.keys(object).length > 0) return;
  const name = (prototype as { constructor?: { name?: unknown } }).constructor?.name;
  const what = typeof name === "string" && name !== "" ? `an instance of ${name}` : "an object of a class";
  throw new Refusal(
    `${pathOf(at)} is ${what} with no data JSON can hold (no toJSON, no enumerable properties of its own)`,
  );
}

/**
 * Where `at` leads, for a message: `$.a[0]`, or `$["a b"]` for a key that is not a plain name. A deep one
 * keeps its start and its end.
 */
function pathOf(at: Keys): string {
  let path = "$";
  for (const key of at)
    path +=
      typeof key === "number"
        ? `[${key}]`
        : /^[A-Za-z_$][\w$]*$/.test(key)
          ? `.${key}`
          : `[${JSON.stringify(key)}]`;
  return path.length <= 120 ? path : `${path.slice(0, 60)}…${path.slice(-50)}`;
}
