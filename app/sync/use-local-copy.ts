import { useEffect, useState } from "react";
import type { DocumentSession } from "./document-session.ts";

/**
 * Whether this browser's local copy of the document has loaded and holds
 * something: then the file can be shown and edited before (or without) the
 * server, as after a reload while offline.
 */
export function useLocalCopyLoaded(session: DocumentSession | null): boolean {
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    setLoaded(false);
    if (!session) return;
    let cancelled = false;
    void session.localCopy.whenSynced.then(() => {
      if (!cancelled) setLoaded(session.doc.store.clients.size > 0);
    });
    return () => {
      cancelled = true;
    };
  }, [session]);
  return loaded;
}
