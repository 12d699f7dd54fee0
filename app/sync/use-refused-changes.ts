import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import type { LockState } from "../../shared/api/lock.ts";
import type { Role } from "../../shared/roles.ts";
import { type RefusedNotice, RefusedChanges, refusalMessage } from "./refused-changes.ts";
import type { DocumentSessionHandle } from "./use-document-session.ts";

/**
 * Issue 15.5, the app's side: when the document refuses this tab's changes
 * (someone else's lock, or the person may no longer edit) the server
 * neither stores nor acknowledges them, and they would stay in this tab
 * alone. The tab then says so where the person is looking, keeps the
 * editor's text for "Copy my text", and goes back to the server's state (a
 * fresh session, this browser's copy of the file discarded), so what the
 * editor shows is what everyone sees. The notice stays until dismissed.
 */
export function useRefusedChanges(
  { session, resync }: DocumentSessionHandle,
  facts: { lock: LockState; userId: string; role: Role },
): { notice: (RefusedNotice & { message: string }) | null; dismiss: () => void } {
  const [store] = useState(() => new RefusedChanges());
  const notice = useSyncExternalStore(store.subscribe, store.getSnapshot);
  // The lock as it is when a refusal arrives, not when the listener was added.
  const lockRef = useRef({ lock: facts.lock, userId: facts.userId });
  useEffect(() => {
    lockRef.current = { lock: facts.lock, userId: facts.userId };
  }, [facts.lock, facts.userId]);
  useEffect(() => {
    if (!session) return;
    return session.frames.on("permission-denied", ({ reason }) => {
      const { lock, userId } = lockRef.current;
      const holder = lock && lock.holder.id !== userId ? lock.holder.name : null;
      void resync(session, (draft) => store.refused({ reason, holder }, draft));
    });
  }, [session, resync, store]);
  return {
    // Worded when shown: the workspace may tell this tab of a new role after the refusal.
    notice: notice && { ...notice, message: refusalMessage(notice, facts.role) },
    dismiss: store.dismiss,
  };
}
