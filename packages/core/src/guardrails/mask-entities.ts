/**
 * `text` with each entity replaced by `{TYPE}`. Entities that overlap (an e-mail address inside a URL) are
 * masked as one span, named after the one that starts first.
 */
export function maskEntities(text: string, entities: { begin: number; end: number; type: string }[]): string {
  const spans: { begin: number; end: number; type: string }[] = [];
  for (const entity of [...entities].sort((a, b) => a.begin - b.begin)) {
    const last = spans.at(-1);
    if (last && entity.begin < last.end) last.end = Math.max(last.end, entity.end);
    else spans.push({ ...entity });
  }
  // From the last span, so the offsets of earlier ones stay true.
  let result = text;
  for (const { begin, end, type } of spans.reverse())
    result = `${result.slice(0, begin)}{${type}}${result.slice(end)}`;
  return result;
}
