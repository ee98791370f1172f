import type { Message } from "@aws-sdk/client-bedrock-runtime";
import type { ConversationStore } from "../contracts/conversation-store.js";
import { LodeError } from "../errors/lode-error.js";
import { parseWithBytes, stringifyWithBytes } from "../events/json-bytes.js";
import { callStore, type StoreCallBounds } from "../memory/call-store.js";
import type { PendingApproval } from "./pending-approval.js";

/** The session metadata field that holds a session's calls waiting for approval: Lode's, not yours. */
export const PENDING_APPROVAL_KEY = "lode:pending-approval";

/**
 * The calls a session's last run left waiting for approval, if any. A run that waits always ends its
 * stored messages on a user message (its question, or tool results), so a session that is empty or ends
 * otherwise is not asked: the usual run reads no metadata.
 */
export async function loadPendingApproval(
  { store, sessionId }: { store: ConversationStore; sessionId: string },
  last: Message | undefined,
  bounds: StoreCallBounds,
): Promise<PendingApproval | undefined> {
  if (last?.role !== "user") return undefined;
  const metadata = await callStore("read the session's metadata", bounds, () => store.getMetadata(sessionId));
  const text = metadata[PENDING_APPROVAL_KEY];
  if (text === undefined) return undefined;
  try {
    const pending = parseWithBytes(text) as PendingApproval;
    if (pending?.version === 1 && Array.isArray(pending.waiting)) return pending;
  } catch {
    // reported below
  }
  throw new LodeError(
    "invalid-request",
    `Session ${sessionId}: its record of calls waiting for approval is damaged.`,
  );
}

/** Keeps `pending` in the session's metadata (or removes the record), leaving the other fields as they are. */
export async function savePendingApproval(
  store: ConversationStore,
  sessionId: string,
  pending: PendingApproval | undefined,
  bounds: StoreCallBounds,
): Promise<void> {
  const metadata = await callStore("read the session's metadata", bounds, () => store.getMetadata(sessionId));
  const { [PENDING_APPROVAL_KEY]: _previous, ...rest } = metadata;
  const next = pending ? { ...rest, [PENDING_APPROVAL_KEY]: stringifyWithBytes(pending) } : rest;
  await callStore("write the session's metadata", bounds, () => store.setMetadata(sessionId, next));
}
