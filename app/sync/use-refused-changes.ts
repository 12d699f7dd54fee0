import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import type { LockState } from "../../shared/api/lock.ts";
import type { DocumentSession } from "./document-session.ts";
import { type RefusedNotice, RefusedChanges, refusalMessage } from "./refused-changes.ts";
import type { DocumentSessionHandle } from "./use-document-session.ts";

/**
 * Issue 15.5, the app's side: when the document refuses this tab's changes
 * (someone else's lock, or the person is now a viewer) the server neither
 * stores nor acknowledges them, and they would stay in this tab alone. The
 * tab then says so where the person is looking, keeps the editor's text for
 * "Copy my text", and goes back to the server's state (a fresh session, this
 * browser's copy of the file discarded), so what the editor shows is what
 * everyone sees. The notice stays until the person dismisses it.
 */
export function useRefusedChanges(
  { session, resync }: DocumentSessionHandle,
  facts: { lock: LockState; userId: string },
): { notice: RefusedNotice | null; dismiss: () => void } {
  const [store] = useState(() => new RefusedChanges());
  const notice = useSyncExternalStore(store.subscribe, store.getSnapshot);
  // Read when a refusal arrives, not when the listener was added.
  const factsRef = useRef(facts);
  useEffect(() => {
    factsRef.current = facts;
  }, [facts]);
  useEffect(() => {
    if (!session) return;
    return session.frames.on("permission-denied", ({ reason }) => {
      const message = refusalMessage({ reason, ...factsRef.current });
      void resync(session satisfies DocumentSession, (draft) => store.refused(message, draft));
    });
  }, [session, resync, store]);
  return { notice, dismiss: store.dismiss };
}
