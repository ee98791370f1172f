import { afterEach } from "vitest";

/**
 * Registers an `afterEach` that closes what a test opened, the last opened first (a server before the agent
 * it serves). `track(x)` returns `x`, so `const server = track(await serveAgent(...))`.
 */
export function closeAfterEach(): <T extends { close(): unknown }>(opened: T) => T {
  const opened: { close(): unknown }[] = [];
  afterEach(async () => {
    for (const item of opened.splice(0).reverse()) await item.close();
  });
  return (item) => {
    opened.push(item);
    return item;
  };
}
