import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { basename } from "node:path";

/**
 * A reporter's id: the host and process, and a random part so two reporters of one process (two `studio()`
 * calls) keep their own control channels.
 */
export function newClientId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
}

/** What the process is, for the studio's list: `node script.ts`, else the process title. */
export function defaultClientName(): string {
  const script = process.argv[1];
  return script ? `node ${basename(script)}` : process.title;
}
