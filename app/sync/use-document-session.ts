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
 * colour on the caret and in the presence list. `null` during the first render.
 */
export function useDocumentSession(syncUrl: string, identity: Identity): DocumentSession | null {
  const [session, setSession] = useState<DocumentSession | null>(null);

  useEffect(() => {
    // Created in the effect (not during render) so StrictMode's double
    // mount/unmount opens and closes a real socket pair instead of leaking one.
    const opened = openDocumentSession(syncUrl);
    // The session is the outside system this effect opens; the render needs it.
    // oxlint-disable-next-line react/set-state-in-effect
    setSession(opened);
    return () => {
      closeDocumentSession(opened);
      setSession(null);
    };
  }, [syncUrl]);

  useEffect(() => {
    if (!session) return;
    // y-codemirror.next reads `user.name`, `user.color` and `user.colorLight`.
    session.provider.awareness.setLocalStateField("user", {
      name: identity.name,
      color: identity.color,
      colorLight: identity.colorLight,
    });
  }, [session, identity]);

  return session;
}
