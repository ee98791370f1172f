/** A query string as the signer's `HttpRequest.query` holds it: a key given twice keeps every value. */
export function queryObject(queryString: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(queryString)) {
    const existing = query[key];
    query[key] = existing === undefined ? value : [existing, value].flat();
  }
  return query;
}
