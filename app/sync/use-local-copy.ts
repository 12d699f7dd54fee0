import { useEffect, useState } from "react";
import type { DocumentSession } from "./document-session.ts";

/**
 * Whether this browser's local copy of the document has loaded and holds
 * something: then the file can be shown and edited before (or without) the
 * server, as after a reload while offline.
 */
export function useLocalCopyLoaded(session: DocumentSession | null): boolean {
  // Which session's copy has loaded: a new session starts out not loaded
  // without an extra render to reset a flag.
  const [loadedFor, setLoadedFor] = useState<DocumentSession | null>(null);
  useEffect(() => {
    if (!session?.localCopy) return;
    let cancelled = false;
    void session.localCopy.whenSynced.then(() => {
      if (!cancelled && session.doc.store.clients.size > 0) setLoadedFor(session);
    });
    return () => {
      cancelled = true;
    };
  }, [session]);
  return session !== null && loadedFor === session;
}
