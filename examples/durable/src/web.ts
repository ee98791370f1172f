// The web process: POST /runs queues a run and answers its id; GET /runs/:id/events streams its events as
// Server-Sent Events, from whichever worker runs it, going on after Last-Event-ID when a client reconnects.
// argv: the Redis key prefix. Prints the URL it listens on.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pipeRunEventsToNodeResponse, RunQueue } from "@lode/durable";

const [prefix = "lode-example:"] = process.argv.slice(2);
const queue = new RunQueue({ url: process.env.REDIS_URL, prefix });

const server = createServer(async (request, response) => {
  const url = new URL(request.url ?? "/", "http://localhost");
  const events = /^\/runs\/([^/]+)\/events$/.exec(url.pathname);
  if (request.method === "POST" && url.pathname === "/runs") {
    let body = "";
    for await (const chunk of request) body += chunk;
    const { input } = JSON.parse(body) as { input: string };
    const runId = await queue.enqueue({ agent: "packer", input });
    response.writeHead(202, { "content-type": "application/json" }).end(JSON.stringify({ runId }));
  } else if (request.method === "GET" && events?.[1]) {
    await pipeRunEventsToNodeResponse(queue, decodeURIComponent(events[1]), request, response);
  } else {
    response.writeHead(404).end();
  }
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.on("SIGTERM", async () => {
  server.close();
  await queue.close();
  process.exit(0);
});
