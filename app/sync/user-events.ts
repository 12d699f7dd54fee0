import type { UserEvent } from "../../shared/api/presence.ts";

type Listener = (event: UserEvent) => void;

const listeners = new Set<Listener>();

/**
 * The signed-in person's own live socket (`GET /api/me/live`) is opened once,
 * by the inbox in the header; other parts of the page hear its events here
 * instead of opening a second socket (the access page waits for an owner's
 * answer this way).
 */
export function publishUserEvent(event: UserEvent): void {
  for (const listener of listeners) listener(event);
}

/** Calls `listener` for every event of the person's live socket until the returned function runs. */
export function onUserEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
