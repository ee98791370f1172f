import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import {
  type BedrockLocal,
  type BedrockLocalOptions,
  type Script,
  startBedrockLocal,
} from "@lode/bedrock-local";
import { afterEach, beforeEach } from "vitest";
import { http2Client } from "./sdk-clients.js";

/** Servers answering async invocations into a temporary folder that stands in for S3. */
export interface AsyncInvokeServers {
  /** The current test's output folder (new for every test). */
  readonly outputDir: string;
  /** Starts a server writing into `outputDir`, with an HTTP/2 client of it; both are closed after the test. */
  serve(
    asyncInvoke?: BedrockLocalOptions["asyncInvoke"],
    options?: Partial<BedrockLocalOptions>,
  ): Promise<{ server: BedrockLocal; client: BedrockRuntimeClient }>;
  /** Has `client` (one the test made itself) destroyed after the test, and returns it. */
  destroyAfterTest(client: BedrockRuntimeClient): BedrockRuntimeClient;
}

/**
 * Gives every test of the file a fresh output folder named after `prefix`, and after each test closes the
 * clients and servers it started and removes the folder. Call at the top level of a test file.
 */
export function asyncInvokeServers(script: Script, prefix: string): AsyncInvokeServers {
  let outputDir: string | undefined;
  const servers: BedrockLocal[] = [];
  const clients: BedrockRuntimeClient[] = [];

  beforeEach(async () => {
    outputDir = await mkdtemp(path.join(tmpdir(), prefix));
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    for (const server of servers.splice(0)) await server.close();
    if (outputDir) await rm(outputDir, { recursive: true, force: true });
    outputDir = undefined;
  });

  const currentOutputDir = (): string => {
    if (!outputDir) throw new Error("the output folder is only there inside a test");
    return outputDir;
  };
  return {
    get outputDir() {
      return currentOutputDir();
    },
    async serve(asyncInvoke = {}, options = {}) {
      const server = await startBedrockLocal({
        script,
        asyncInvoke: { outputDir: currentOutputDir(), ...asyncInvoke },
        ...options,
      });
      servers.push(server);
      const client = http2Client(server);
      clients.push(client);
      return { server, client };
    },
    destroyAfterTest(client) {
      clients.push(client);
      return client;
    },
  };
}
