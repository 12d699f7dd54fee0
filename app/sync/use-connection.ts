import { useEffect, useState, useSyncExternalStore } from "react";
import { connectionLabel, type ConnectionLabel } from "./connection-status.ts";
import type { ConnectionMonitor, ConnectionSnapshot } from "./connection-monitor.ts";

/** What the document page shows about the connection. */
export interface ConnectionState {
  label: ConnectionLabel;
  /** True once the document has synced with the server at least once in this page. */
  everSynced: boolean;
  /** Synced since the socket last opened (false again while it reconnects). */
  synced: boolean;
  /** A sentence for the person after the server closed the socket with a 44xx/45xx code. */
  problem: string | null;
}

const BEFORE_OPENING: ConnectionSnapshot = {
  status: "connecting",
  synced: false,
  everSynced: false,
  stopped: false,
  problem: null,
};
const noMonitor = () => () => {};

/** `navigator.onLine`, kept current by the `online` and `offline` events. */
function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const goOnline = () => setOnline(true);
    const goOffline = () => setOnline(false);
    window.addEventListener("online", goOnline);
    window.addEventListener("offline", goOffline);
    return () => {
      window.removeEventListener("online", goOnline);
      window.removeEventListener("offline", goOffline);
    };
  }, []);
  return online;
}

/** The header's view of a document's connection; connecting while there is no monitor yet. */
export function useConnection(monitor: ConnectionMonitor | null): ConnectionState {
  const online = useOnline();
  const snapshot = useSyncExternalStore(
    monitor?.subscribe ?? noMonitor,
    monitor?.getSnapshot ?? (() => BEFORE_OPENING),
  );
  return {
    label: connectionLabel({ online, ...snapshot }),
    everSynced: snapshot.everSynced,
    synced: snapshot.synced,
    problem: snapshot.problem,
  };
}
