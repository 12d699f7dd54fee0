import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { DOCUMENT_TEXT_NAME } from "../../shared/protocol/document-text.ts";
import type { IndexeddbPersistence } from "y-indexeddb";
import { ConnectionMonitor } from "./connection-monitor.ts";
import { keepLocalCopy } from "./local-copy.ts";
import { LockWatcher } from "./lock-watcher.ts";
import { Reconnector } from "./reconnector.ts";
import { SaveTracker } from "./save-tracker.ts";
import { ServerFrames } from "./server-frames.ts";

/** One open document: its Yjs doc, its text and the socket that syncs them. */
export interface DocumentSession {
  syncUrl: string;
  doc: Y.Doc;
  text: Y.Text;
  provider: WebsocketProvider;
  connection: ConnectionMonitor;
  lock: LockWatcher;
  saves: SaveTracker;
  /** Quire's own frames from the document (lock, saved, restored...), to listen to. */
  frames: ServerFrames;
  /** Decides when the socket reconnects (full-jitter backoff, at once on online/visible). */
  reconnector: Reconnector;
  /** This browser's IndexedDB copy of the document; null for a visitor, who keeps none. */
  localCopy: IndexeddbPersistence | null;
}

/**
 * Opens a document: a fresh `Y.Doc` filled from this browser's local copy
 * and a stock y-websocket provider, given the `syncUrl` split at its last
 * "/" into server URL and room, as the API documents. The monitor is
 * attached before the first connection attempt so that no close code is
 * missed.
 */
export function openDocumentSession(
  syncUrl: string,
  options: { localCopy?: boolean } = {},
): DocumentSession {
  const doc = new Y.Doc();
  const slash = syncUrl.lastIndexOf("/");
  const fileId = syncUrl.slice(slash + 1);
  // A visitor reading by a link keeps no copy: the file is not theirs to keep.
  const localCopy = options.localCopy === false ? null : keepLocalCopy(fileId, doc);
  const provider = new WebsocketProvider(syncUrl.slice(0, slash), fileId, doc, {
    connect: false,
    // The document then confirms each update once it is in SQLite (see SaveTracker).
    params: { acks: "1" },
  });
  const connection = new ConnectionMonitor(provider);
  // Quire's own frames (role, lock, saved), parsed by the shared codec (role
  // changes reach the app through the workspace's live socket, so nobody listens).
  const frames = new ServerFrames(provider);
  const lock = new LockWatcher(frames);
  const saves = new SaveTracker(provider, doc, frames, { fileId, localCopy });
  forgetRemoteClocksOnDisconnect(provider);
  const reconnector = new Reconnector(provider);
  reconnector.start();
  return {
    syncUrl,
    doc,
    text: doc.getText(DOCUMENT_TEXT_NAME),
    provider,
    connection,
    lock,
    frames,
    saves,
    reconnector,
    localCopy,
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
  session.reconnector.destroy();
  session.connection.destroy();
  session.provider.destroy();
  // Stores nothing more; what is already in IndexedDB stays for next time.
  void session.localCopy?.destroy();
  session.doc.destroy();
}
