import { LodeError } from "../errors/lode-error.js";

/**
 * The `conflict` a store throws when `append` finds the session at another version than expected. It
 * carries the version found (`currentVersion`), so the caller can append after the other writer's turn
 * without reading the session again. One wording for every store.
 */
export function versionConflict(
  sessionId: string,
  actualVersion: number,
  expectedVersion: number,
): LodeError {
  return new LodeError(
    "conflict",
    `Session ${sessionId} is at version ${actualVersion}, not ${expectedVersion}: another writer appended first.`,
    { currentVersion: actualVersion },
  );
}
