import { connect } from "node:net";

/** The name the workers know the agent by, and the queue's runs name. */
export const AGENT_NAME = "weather";

/** Where Redis is: REDIS_URL, or the local default. */
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/**
 * Resolves once a TCP connection to Redis opens; rejects with a message saying what to do otherwise. (The
 * Redis client would retry in silence for ever.)
 */
export function checkRedis(url = REDIS_URL, timeoutMs = 3000): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname || "127.0.0.1", port: Number(port || 6379), timeout: timeoutMs });
    const fail = () => {
      socket.destroy();
      reject(new Error(`No Redis at ${url}: start one (redis-server), or set REDIS_URL.`));
    };
    socket.once("connect", () => {
      socket.end();
      resolve();
    });
    socket.once("timeout", fail);
    socket.once("error", fail);
  });
}
