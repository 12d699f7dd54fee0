import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { SYNC_PATH_PREFIX } from "../../shared/paths.ts";
import { DOCUMENT_TEXT_NAME } from "../../shared/protocol/document-text.ts";
import { ConnectionMonitor } from "./connection-monitor.ts";

/** One open document: its Yjs doc, its text and the socket that syncs them. */
export interface DocumentSession {
  documentId: string;
  doc: Y.Doc;
  text: Y.Text;
  provider: WebsocketProvider;
  connection: ConnectionMonitor;
  /** Stops following the browser's online/offline events. */
  stopFollowingNetwork: () => void;
}

/** `ws://` or `wss://` on the page's own host, where the Worker serves `/api/sync`. */
export function syncServerUrl(location: Location = window.location): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}${SYNC_PATH_PREFIX}`;
}

/**
 * Opens a document: a fresh `Y.Doc` and a stock y-websocket provider, which
 * appends `/<documentId>` to the URL. The monitor is attached before the
 * first connection attempt so that no close code is missed.
 */
export function openDocumentSession(documentId: string): DocumentSession {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(syncServerUrl(), documentId, doc, { connect: false });
  const connection = new ConnectionMonitor(provider);
  const stopFollowingNetwork = followNetwork(provider, connection);
  if (navigator.onLine) provider.connect();
  return {
    documentId,
    doc,
    text: doc.getText(DOCUMENT_TEXT_NAME),
    provider,
    connection,
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

/** Closes the socket (which tells others this person left) and frees the doc. */
export function closeDocumentSession(session: DocumentSession): void {
  session.stopFollowingNetwork();
  session.connection.destroy();
  session.provider.destroy();
  session.doc.destroy();
}
