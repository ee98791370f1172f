import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { type BedrockLocal, type BedrockLocalOptions, startBedrockLocal } from "@lode/bedrock-local";
import { afterAll, beforeAll } from "vitest";
import { http2Client } from "./sdk-clients.js";

/** The server a test file shares across its tests, and an HTTP/2 client of it. */
export interface SuiteServer {
  readonly server: BedrockLocal;
  readonly client: BedrockRuntimeClient;
}

/**
 * Starts one server with `options` (and an HTTP/2 client of it) before the file's tests and closes both
 * after them. Call at the top level of a test file; read `server` and `client` inside tests only, since
 * they exist once `beforeAll` has run.
 */
export function serveForSuite(options: BedrockLocalOptions): SuiteServer {
  let opened: SuiteServer | undefined;
  beforeAll(async () => {
    const server = await startBedrockLocal(options);
    opened = { server, client: http2Client(server) };
  });
  afterAll(async () => {
    opened?.client.destroy();
    await opened?.server.close();
  });
  const current = (): SuiteServer => {
    if (!opened) throw new Error("the suite's server is only there once beforeAll has run");
    return opened;
  };
  return {
    get server() {
      return current().server;
    },
    get client() {
      return current().client;
    },
  };
}
