/**
 * What showing a streamed tool input as it forms costs: the input's JSON text arrives in 64-character
 * deltas, and after each one the UI gets the input parsed so far. Two ways: the old one parsed the whole
 * text so far again at every delta (quadratic), the incremental parser reads each delta once and builds a
 * snapshot (linear, but for the copy of each open container: an open array of k items costs k per snapshot).
 * Two shapes, each at 50 KB, 200 KB and 1 MB: one long string, and an array of many small objects. The old
 * way stops at 200 KB, where it already takes seconds. Figures are wall-clock ms, the median of rounds.
 *
 * Run: npx tsx bench/run-all.ts partial-json
 */
import { IncrementalJsonParser } from "../packages/core/src/model/incremental-json-parser.js";
import { sized } from "./support/smoke.js";
import { median } from "./support/stats.js";

const DELTA = 64;
// A smoke run keeps the same shape: the old way runs below the limit and is skipped above it.
const OLD_LIMIT = sized(200_000, 5_000);
const ROUNDS = sized(5, 1);

function longString(bytes: number): string {
  const line = 'say "hi" to C:\\temp, caf\u00e9 \u{1F600}\tdone\n';
  return JSON.stringify({ path: "notes.txt", content: line.repeat(Math.round(bytes / 39)) });
}

function smallObjects(bytes: number): string {
  const items = Array.from({ length: Math.round(bytes / 44) }, (_, id) => ({
    id,
    name: `item ${id}`,
    done: false,
  }));
  return JSON.stringify(items);
}

function deltasOf(text: string): string[] {
  const deltas: string[] = [];
  for (let at = 0; at < text.length; at += DELTA) deltas.push(text.slice(at, at + DELTA));
  return deltas;
}

/** Milliseconds to show every delta the old way: the whole text so far parsed again each time. */
function wholeReparse(deltas: string[]): number {
  const start = performance.now();
  let text = "";
  for (const delta of deltas) {
    text += delta;
    oldParsePartialJson(text);
  }
  return performance.now() - start;
}

/** Milliseconds to show every delta the incremental way: each delta read once, then a snapshot taken. */
function incremental(deltas: string[]): number {
  const start = performance.now();
  const parser = new IncrementalJsonParser();
  for (const delta of deltas) {
    parser.feed(delta);
    parser.value();
  }
  return performance.now() - start;
}

function measure(run: (deltas: string[]) => number, deltas: string[], rounds: number): number {
  run(deltas);
  return median(Array.from({ length: rounds }, () => run(deltas)));
}

const shapes = [
  { name: "one long string", build: longString },
  { name: "array of small objects", build: smallObjects },
];
const sizes = sized([50_000, 200_000, 1_000_000], [2_000, 5_000, 20_000]);

console.log(`Showing a streamed tool input as it forms, ${DELTA}-character deltas: total ms (µs per delta)`);
console.log(
  `${"shape".padEnd(24)} ${"size".padStart(8)} ${"deltas".padStart(7)}  ${"whole reparse (old)".padStart(22)}  ${"incremental".padStart(20)}`,
);
for (const shape of shapes) {
  for (const size of sizes) {
    const text = shape.build(size);
    const deltas = deltasOf(text);
    const figure = (ms: number) => `${ms.toFixed(1)} (${((ms * 1000) / deltas.length).toFixed(1)})`;
    const old = size <= OLD_LIMIT ? figure(measure(wholeReparse, deltas, 1)) : "skipped";
    const now = figure(measure(incremental, deltas, ROUNDS));
    console.log(
      `${shape.name.padEnd(24)} ${`${Math.round(text.length / 1000)} KB`.padStart(8)} ${String(deltas.length).padStart(7)}  ${old.padStart(22)}  ${now.padStart(20)}`,
    );
  }
}

/** parsePartialJson as it was before the incremental parser: one scan of the whole text, then JSON.parse. */
function oldParsePartialJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  const stack: { kind: "{" | "["; expecting: "key" | "value" }[] = [];
  const closers = () =>
    stack
      .map((frame) => (frame.kind === "{" ? "}" : "]"))
      .reverse()
      .join("");
  let safe: { end: number; closers: string } | undefined;
  let inString = false;
  let stringIsKey = false;
  let escaped = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (escaped) escaped = false;
      else if (char === "\\") escaped = true;
      else if (char === '"') {
        inString = false;
        if (!stringIsKey) safe = { end: index + 1, closers: closers() };
      }
      continue;
    }
    const top = stack.at(-1);
    if (char === '"') {
      inString = true;
      stringIsKey = top?.kind === "{" && top.expecting === "key";
    } else if (char === "{" || char === "[") {
      stack.push({ kind: char, expecting: char === "{" ? "key" : "value" });
      safe = { end: index + 1, closers: closers() };
    } else if (char === "}" || char === "]") {
      stack.pop();
      safe = { end: index + 1, closers: closers() };
    } else if (char === ":" && top) {
      top.expecting = "value";
    } else if (char === ",") {
      if (top?.kind === "{") top.expecting = "key";
      safe = { end: index, closers: closers() };
    }
  }
  const attempts: string[] = [];
  if (inString && !stringIsKey) attempts.push(`${text}"${closers()}`);
  else if (!inString && endsOnWholeValue(text, stack.length)) attempts.push(text.trimEnd() + closers());
  if (safe) attempts.push(text.slice(0, safe.end) + safe.closers);
  for (const attempt of attempts) {
    try {
      return JSON.parse(attempt);
    } catch {
      // the next, more conservative completion
    }
  }
  return undefined;
}

function endsOnWholeValue(text: string, openContainers: number): boolean {
  const trimmed = text.trimEnd();
  const last = trimmed.at(-1) ?? "";
  if (last === "}" || last === "]" || last === '"') return true;
  if (/[\d]$/.test(trimmed)) return true;
  if (/(true|false|null)$/.test(trimmed)) return true;
  return openContainers === 0 && trimmed.length > 0 && !/[,:{[]$/.test(trimmed);
}
