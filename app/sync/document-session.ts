import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { DOCUMENT_TEXT_NAME } from "../../shared/protocol/document-text.ts";
import { ConnectionMonitor } from "./connection-monitor.ts";
import { LockWatcher } from "./lock-watcher.ts";
import { SaveTracker } from "./save-tracker.ts";

/** One open document: its Yjs doc, its text and the socket that syncs them. */
export interface DocumentSession {
  syncUrl: string;
  doc: Y.Doc;
  text: Y.Text;
  provider: WebsocketProvider;
  connection: ConnectionMonitor;
  lock: LockWatcher;
  saves: SaveTracker;
  /** Stops following the browser's online/offline events. */
  stopFollowingNetwork: () => void;
}

/** A file's socket URL on the page's own host (the API's `syncUrl`). */
export function fileSyncUrl(
  workspaceId: string,
  projectId: string,
  fileId: string,
  location: Location = window.location,
): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/api/workspaces/${workspaceId}/projects/${projectId}/sync/${fileId}`;
}

/**
 * Opens a document: a fresh `Y.Doc` and a stock y-websocket provider, given
 * the `syncUrl` split at its last "/" into server URL and room, as the API
 * documents. The monitor is attached before the first connection attempt so
 * that no close code is missed.
 */
export function openDocumentSession(syncUrl: string): DocumentSession {
  const doc = new Y.Doc();
  const slash = syncUrl.lastIndexOf("/");
  const provider = new WebsocketProvider(syncUrl.slice(0, slash), syncUrl.slice(slash + 1), doc, {
    connect: false,
    // The document then confirms each update once it is in SQLite (see SaveTracker).
    params: { acks: "1" },
  });
  const connection = new ConnectionMonitor(provider);
  const lock = new LockWatcher(provider);
  const saves = new SaveTracker(provider, doc);
  forgetRemoteClocksOnDisconnect(provider);
  const stopFollowingNetwork = followNetwork(provider, connection);
  if (navigator.onLine) provider.connect();
  return {
    syncUrl,
    doc,
    text: doc.getText(DOCUMENT_TEXT_NAME),
    provider,
    connection,
    lock,
    saves,
    stopFollowingNetwork,
  };
}

/**
 * Drops the socket when the browser goes offline and reconnects as soon as it
 * is back. Without this a dead socket lingers (Chromium keeps it open, and
 * y-websocket notices only after 30 s of silence), still showing the others
 * as present, and the reconnect waits out the backoff instead of starting at
 * once. A socket the server refused for good (44xx) stays closed.
 */
function followNetwork(provider: WebsocketProvider, connection: ConnectionMonitor): () => void {
  const goOffline = () => provider.disconnect();
  const goOnline = () => {
    if (!connection.getSnapshot().stopped) provider.connect();
  };
  window.addEventListener("offline", goOffline);
  window.addEventListener("online", goOnline);
  return () => {
    window.removeEventListener("offline", goOffline);
    window.removeEventListener("online", goOnline);
  };
}

/**
 * y-websocket drops everyone else's awareness when its socket closes, and
 * y-protocols then remembers their clocks one higher than the last seen. On
 * reconnect the server sends their states with the clocks they really have,
 * which look old and are ignored, so the others stay invisible until they
 * next renew (up to 15 s). Forgetting the remembered clocks of the removed
 * clients lets the server's states in at once.
 */
function forgetRemoteClocksOnDisconnect(provider: WebsocketProvider): void {
  const awareness = provider.awareness;
  provider.on("status", ({ status }: { status: string }) => {
    if (status !== "disconnected") return;
    for (const clientId of awareness.meta.keys()) {
      if (clientId !== provider.doc.clientID && !awareness.states.has(clientId)) {
        awareness.meta.delete(clientId);
      }
    }
  });
}

/** Closes the socket (which tells others this person left) and frees the doc. */
export function closeDocumentSession(session: DocumentSession): void {
  session.stopFollowingNetwork();
  session.connection.destroy();
  session.provider.destroy();
  session.doc.destroy();
}
