import type { IncomingMessage, ServerResponse } from "node:http";
import { htmlWithToken, loadPageAssets } from "../page-assets/page-assets.js";

const PAGE_FILES: Record<string, { asset: "html" | "css" | "js" | "icon"; type: string }> = {
  "/": { asset: "html", type: "text/html; charset=utf-8" },
  "/app.js": { asset: "js", type: "text/javascript; charset=utf-8" },
  "/styles.css": { asset: "css", type: "text/css; charset=utf-8" },
  "/favicon.svg": { asset: "icon", type: "image/svg+xml" },
};

/** Serves the page and its files; false for any other path. */
export async function handlePageRoute(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  token: string,
): Promise<boolean> {
  const file = PAGE_FILES[url.pathname];
  if (!file || (request.method !== "GET" && request.method !== "HEAD")) return false;
  const assets = await loadPageAssets();
  const body = file.asset === "html" ? htmlWithToken(assets.html, token) : assets[file.asset];
  response.writeHead(200, {
    "content-type": file.type,
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
    // The page runs its own script only, and is never framed by another site.
    "content-security-policy":
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
  });
  response.end(request.method === "HEAD" ? undefined : body);
  return true;
}
