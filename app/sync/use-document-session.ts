import { useEffect, useState } from "react";
import {
  closeDocumentSession,
  openDocumentSession,
  type DocumentSession,
} from "./document-session.ts";
import type { Identity } from "./identity.ts";

/**
 * Opens the document for as long as the calling component is mounted, and
 * publishes `identity` in awareness so others see this person's name and
 * colour on the caret and in the presence list; a visitor (`identity` null)
 * publishes nothing and keeps no local copy. `null` during the first render.
 */
export function useDocumentSession(
  syncUrl: string,
  identity: Identity | null,
): DocumentSession | null {
  const [session, setSession] = useState<DocumentSession | null>(null);
  const visitor = identity === null;

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
  }, [syncUrl, visitor]);

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

  return session;
}
