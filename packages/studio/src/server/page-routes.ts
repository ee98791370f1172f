import type { IncomingMessage, ServerResponse } from "node:http";
import { loadPageAssets } from "../page-assets/page-assets.js";

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
  const body = file.asset === "html" ? withTokenOnFiles(assets.html, token) : assets[file.asset];
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

/**
 * The page with the token on its own files' URLs: the browser fetches `/app.js` and the rest without the
 * page's query, and every route asks for the token.
 */
function withTokenOnFiles(html: string, token: string): string {
  const query = `?token=${encodeURIComponent(token)}`.replaceAll("&", "&amp;");
  return html.replace(
    /(src|href)="\/(app\.js|styles\.css|favicon\.svg)"/g,
    (_match, attribute: string, file: string) => {
      return `${attribute}="/${file}${query}"`;
    },
  );
}
