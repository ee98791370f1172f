import http from "node:http";
import net from "node:net";
import type { BedrockLocal } from "@lode/bedrock-local";

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One HTTP/1.1 request on a fresh connection, with the path sent exactly as given (a literal `:` stays one). */
export function http1Request(
  server: BedrockLocal,
  options: { method?: string; path: string; body?: string | Buffer; headers?: Record<string, string> },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: "127.0.0.1",
        port: server.port,
        method: options.method ?? "POST",
        path: options.path,
        agent: false,
        headers: { "content-type": "application/json", ...options.headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(options.body);
  });
}

/** Writes `bytes` on a raw TCP connection (ending it when asked) and gathers what comes back until it closes. */
export function rawTcpExchange(
  server: BedrockLocal,
  bytes: Buffer | string,
  options: { end: boolean },
): Promise<{ received: Buffer; hadError: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect(server.port, "127.0.0.1");
    const chunks: Buffer[] = [];
    let hadError = false;
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", () => {
      hadError = true;
    });
    socket.on("close", () => resolve({ received: Buffer.concat(chunks), hadError }));
    socket.on("connect", () => {
      if (options.end) socket.end(bytes);
      else socket.write(bytes);
    });
  });
}
