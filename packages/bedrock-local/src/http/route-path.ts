/** Splits a request path into decoded segments. Splitting before decoding keeps `%2F` inside ARNs as part of one segment. */
export function pathSegments(rawUrl: string): string[] {
  const path = rawUrl.split("?")[0] ?? "";
  return path
    .split("/")
    .filter((segment) => segment.length > 0)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
}
