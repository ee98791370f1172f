/** Where a reporter sends its reports: the studio's origin, and the token every request carries. */
export interface StudioEndpoint {
  /** The studio's base URL (`http://127.0.0.1:PORT/`). */
  base: URL;
  token: string;
}

/** The header a reporter's requests carry the studio's token in. */
export const TOKEN_HEADER = "x-lode-studio-token";

/**
 * The endpoint of a studio page URL (`http://127.0.0.1:PORT/?token=T`, as the studio prints it): undefined
 * for no URL; for one that does not parse or is not `http:`, what is wrong with it, which the reporter tells
 * each run as a warning instead of failing it.
 */
export function studioEndpointOf(url: string | undefined): StudioEndpoint | { wrong: string } | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { wrong: `The studio's URL ${JSON.stringify(url)} is not a URL: nothing is reported to it.` };
  }
  if (parsed.protocol !== "http:")
    return { wrong: `The studio's URL ${JSON.stringify(url)} is not http://: nothing is reported to it.` };
  const token = parsed.searchParams.get("token") ?? "";
  return { base: new URL("/", parsed), token };
}
