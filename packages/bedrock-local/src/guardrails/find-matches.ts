/** Where a filter matched: `text.slice(start, end) === match`. */
export interface TextMatch {
  start: number;
  end: number;
  match: string;
}

/**
 * Every case-insensitive, whole-word occurrence of `phrase` in `text`. "Whole word" means the phrase is
 * not glued to a letter, digit or underscore on either side, so `bet` does not match `alphabet`; the
 * spaces inside a phrase match any run of whitespace.
 */
export function findPhrase(text: string, phrase: string): TextMatch[] {
  const source = phrase.trim().split(/\s+/u).map(escapeRegExp).join("\\s+");
  return findRegExp(text, new RegExp(`(?<![\\p{L}\\p{N}_])${source}(?![\\p{L}\\p{N}_])`, "giu"));
}

/** Every non-empty match of a global regular expression. */
export function findRegExp(text: string, regExp: RegExp): TextMatch[] {
  const matches: TextMatch[] = [];
  for (const found of text.matchAll(regExp)) {
    // An empty match masks nothing and would report a blank finding; skip it.
    if (found[0].length === 0) continue;
    matches.push({ start: found.index, end: found.index + found[0].length, match: found[0] });
  }
  return matches;
}

/** Escapes the syntax characters, the only escapes a `u`-flag expression accepts. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
