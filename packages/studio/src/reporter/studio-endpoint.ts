/** Where a reporter sends its reports: the studio's origin, and the token every request carries. */
export interface StudioEndpoint {
  /** The studio's base URL (`http://127.0.0.1:PORT/`). */
  base: URL;
  token: string;
}

/** The header a reporter's requests carry the studio's token in. */
export const TOKEN_HEADER = "x-lode-studio-token";

/**
 * The endpoint of a studio page URL (`http://127.0.0.1:PORT/?token=T`, as the studio prints it); undefined
 * for no URL or one that does not parse, so a wrong setting leaves the reporter inert instead of failing runs.
 */
export function studioEndpointOf(url: string | undefined): StudioEndpoint | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== "http:") return undefined;
  const token = parsed.searchParams.get("token") ?? "";
  return { base: new URL("/", parsed), token };
}
