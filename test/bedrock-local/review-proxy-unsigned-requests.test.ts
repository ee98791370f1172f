import { expect, test } from "vitest";
import { startRecordingPair } from "./support/recording-pair.js";

/**
 * Review finding, written as `test.fails` so the suite stays green while the bug is there: flip it to
 * `test` with the fix. The recording proxy signs and forwards any request that
 * reaches its port with the real credentials of the provider chain, also one no AWS SDK sent: no SigV4
 * `authorization`, a browser's `origin`, a "simple" `text/plain` body that needs no CORS preflight. Any web
 * page open while recording can thus have models invoked (and billed) on the user's account. The proxy
 * should only forward requests that carry an AWS4-HMAC-SHA256 authorization (a browser cannot add one
 * without a preflight, which the proxy does not answer) and refuse those with an `origin` header.
 */
test.fails("a request no SDK signed (a web page's simple POST) is not forwarded with the recorder's credentials", async () => {
  const pair = await startRecordingPair("bedrock-local-review-unsigned-", {
    script: { models: { "*": { loop: true, turns: [{ text: "Billed." }] } } },
  });
  try {
    const response = await fetch(`${pair.recorder.url}/model/anthropic.claude-3-haiku-20240307-v1:0/invoke`, {
      method: "POST",
      headers: { "content-type": "text/plain", origin: "https://attacker.example" },
      body: JSON.stringify({
        anthropic_version: "bedrock-2023-05-31",
        max_tokens: 10,
        messages: [{ role: "user", content: "Hi" }],
      }),
    });
    await response.arrayBuffer();
    expect(pair.upstream.requests).toEqual([]);
    expect(response.status).toBeGreaterThanOrEqual(400);
  } finally {
    await pair.close();
  }
});
