import { useCallback, useEffect, useRef, useState } from "react";
import {
  closeDocumentSession,
  openDocumentSession,
  type DocumentSession,
} from "./document-session.ts";
import type { Identity } from "./identity.ts";
import { discardLocalCopy } from "./local-copy.ts";

/** The open document, and how to replace it with the server's state. */
export interface DocumentSessionHandle {
  /** `null` during the first render and while a new session opens. */
  session: DocumentSession | null;
  /**
   * Replaces `stale` with a fresh session holding only the server's state
   * (issue 15.5: the server refused its changes). Its local copy and saved
   * status are discarded first; `keep` gets the editor's text as it was
   * just before, for the person to copy. Once per session.
   */
  resync: (stale: DocumentSession, keep: (draft: string) => void) => Promise<void>;
}

/**
 * Opens the document for as long as the calling component is mounted, and
 * publishes `identity` in awareness so others see this person's name and
 * colour on the caret and in the presence list; a visitor (`identity` null)
 * publishes nothing and keeps no local copy.
 */
export function useDocumentSession(
  syncUrl: string,
  identity: Identity | null,
): DocumentSessionHandle {
  const [session, setSession] = useState<DocumentSession | null>(null);
  const visitor = identity === null;
  // Moves on to open a fresh session after a resync.
  const [generation, setGeneration] = useState(0);
  const resyncing = useRef(new WeakSet<DocumentSession>());

  useEffect(() => {
    // Created in the effect (not during render) so StrictMode's double
    // mount/unmount opens and closes a real socket pair instead of leaking one.
    const opened = openDocumentSession(syncUrl, { localCopy: !visitor });
    // The session is the outside system this effect opens; the render needs it.
    // oxlint-disable-next-line react/set-state-in-effect
    setSession(opened);
    return () => {
      closeDocumentSession(opened);
      setSession(null);
    };
  }, [syncUrl, visitor, generation]);

  const resync = useCallback(
    async (stale: DocumentSession, keep: (draft: string) => void): Promise<void> => {
      if (resyncing.current.has(stale)) return;
      resyncing.current.add(stale);
      stale.saves.discard();
      if (stale.localCopy) await discardLocalCopy(stale.localCopy);
      // Read last: whatever was typed while the copy was deleted is in it too.
      keep(stale.text.toString());
      setGeneration((count) => count + 1);
    },
    [],
  );

  useEffect(() => {
    if (!session) return;
    if (identity === null) {
      // A visitor reads without being seen: no state, so no caret and no
      // avatar (y-codemirror.next's setLocalStateField does nothing then).
      session.provider.awareness.setLocalState(null);
      return;
    }
    // y-codemirror.next reads `user.name`, `user.color` and `user.colorLight`.
    session.provider.awareness.setLocalStateField("user", {
      id: identity.id,
      name: identity.name,
      color: identity.color,
      colorLight: identity.colorLight,
    });
  }, [session, identity]);

  return { session, resync };
}
