// A second A2A server, in a process of its own: the same agent on the same Redis (sessions and tasks).
// Prints {"url": …} once it listens, then serves until it is killed.
import { RedisTaskStore } from "@lode/a2a";
import { Agent } from "@lode/core";
import { Redis } from "ioredis";
import { workerConnections } from "../../support/worker-process.js";
import { listenOnLoopback } from "./server-harness.js";
import { bookingTool } from "./server-trip.js";

const [endpoint, redisUrl, keyPrefix] = process.argv.slice(2) as [string, string, string];
const { client, store } = workerConnections(endpoint, redisUrl, keyPrefix);
const redis = new Redis(redisUrl);
const agent = new Agent({ modelId: "test-model", client, store, tools: [bookingTool().tool] });
const { serveA2A } = await import("@lode/a2a");
const { rpcUrl, baseUrl } = await listenOnLoopback((url) =>
  serveA2A(agent, { url, taskStore: new RedisTaskStore({ redis, keyPrefix }) }),
);
process.stdout.write(`${JSON.stringify({ url: baseUrl, rpcUrl })}\n`);
