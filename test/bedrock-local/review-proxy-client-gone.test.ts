import http from "node:http";
import { Readable } from "node:stream";
import { expect, test } from "vitest";
import { closeLocally, listenLocally } from "./support/local-upstream.js";
import { startRecorder } from "./support/recording-pair.js";
import { waitUntil } from "./support/wait-until.js";

/**
 * Review finding, written as `test.fails` so the suite stays green while the bug is there: flip it to
 * `test` with the fix. The recording proxy listens for the client going away only
 * from `send` (proxy-request.ts) and `relayResponse` on; a client that disconnects while the request is
 * being signed (the provider chain can take seconds: SSO, IMDS) is never noticed. The upstream's answer is
 * then relayed into a closed response: `write` returns false, the relay pauses for a `drain` that never
 * comes, and the upstream call and its socket stay open for good (nothing settles, nothing is recorded).
 */
test.fails("a client that leaves while its request is being signed does not leave the upstream call hanging", async () => {
  let upstreamAnswerClosed = false;
  const upstream = http.createServer((request, response) => {
    request.resume();
    response.on("close", () => {
      upstreamAnswerClosed = true;
    });
    response.writeHead(200, { "content-type": "application/json" });
    // Larger than every socket buffer on the way, so the answer only ends if the proxy reads it all.
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    Readable.from(
      (function* () {
        for (let sent = 0; sent < 256; sent++) yield chunk;
      })(),
    ).pipe(response);
  });
  const upstreamUrl = await listenLocally(upstream);

  let signing = false;
  let releaseCredentials = () => {};
  const credentialsReleased = new Promise<void>((resolve) => {
    releaseCredentials = resolve;
  });
  const { recorder, close } = await startRecorder("bedrock-local-review-gone-", upstreamUrl, {
    credentials: async () => {
      signing = true;
      await credentialsReleased;
      return { accessKeyId: "a", secretAccessKey: "b" };
    },
  });
  try {
    const client = http.request(`${recorder.url}/model/m/converse`, {
      method: "POST",
      headers: { "content-type": "application/json" },
    });
    client.on("error", () => {});
    const clientClosed = new Promise((resolve) => client.on("close", resolve));
    client.end("{}");
    await waitUntil(() => signing);
    client.destroy();
    await clientClosed;
    // Let the recorder's side of the socket see the disconnect before signing finishes.
    await new Promise((resolve) => setTimeout(resolve, 50));
    releaseCredentials();

    await waitUntil(() => upstreamAnswerClosed);
    expect(upstreamAnswerClosed).toBe(true);
  } finally {
    releaseCredentials();
    upstream.closeAllConnections();
    await close();
    await closeLocally(upstream);
  }
}, 2_000);
