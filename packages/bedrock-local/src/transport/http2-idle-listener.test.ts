import { once } from "node:events";
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { afterEach, expect, it } from "vitest";
import { closeWhenIdle } from "./listen-dual-protocol.js";

const servers: http2.Http2Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

it("keeps one idle-timeout listener on an HTTP/2 session however many requests it carries", async () => {
  const server = http2.createServer();
  servers.push(server);
  const sessions: http2.ServerHttp2Session[] = [];
  server.on("session", (session) => {
    sessions.push(session);
    closeWhenIdle(session, { idleMs: 60_000, bodyMs: 60_000 });
  });
  server.on("stream", (stream) => stream.respond({ ":status": 204 }, { endStream: true }));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const client = http2.connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  try {
    // One after another, each ending a quiet spell of the session: more than Node's limit of 10 listeners.
    for (let request = 0; request < 15; request++) {
      const stream = client.request({ ":path": "/" });
      stream.resume();
      await once(stream, "close");
    }
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.listenerCount("timeout")).toBe(1);
  } finally {
    client.close();
  }
});
