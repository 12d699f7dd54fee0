import { IndexeddbPersistence } from "y-indexeddb";
import type * as Y from "yjs";
import { SAVES_KEY_PREFIX } from "./save-tracker.ts";

const PREFIX = "quire-doc:";

/** Drops the localStorage entries under `prefix` (what the save tracker remembers per file). */
function forgetRemembered(prefix: string): void {
  try {
    for (const key of Object.keys(localStorage))
      if (key.startsWith(prefix)) localStorage.removeItem(key);
  } catch {
    // Storage refused: nothing was remembered either.
  }
}

/**
 * Keeps a copy of a document in this browser's IndexedDB (y-indexeddb), so
 * edits made offline survive a reload or a closed tab and merge with the
 * server's when the socket reconnects. Named by file id: one copy per file,
 * shared by the tabs of this browser.
 */
export function keepLocalCopy(fileId: string, doc: Y.Doc): IndexeddbPersistence {
  return new IndexeddbPersistence(PREFIX + fileId, doc);
}

/**
 * Stops keeping `copy` and deletes what it stored, so a new session of the
 * file starts from the server's state (issue 15.5: after a refused write,
 * the refused changes must not come back from this browser's copy).
 */
export async function discardLocalCopy(copy: IndexeddbPersistence): Promise<void> {
  await copy.destroy();
  if (typeof indexedDB !== "undefined") await deleteDatabase(copy.name);
}

/**
 * Deletes one database; a deletion another tab blocks resolves too (it goes
 * on once that tab lets go).
 */
function deleteDatabase(name: string): Promise<void> {
  return new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

/**
 * Deletes every local copy, so the next person on this browser finds none
 * of the last one's documents. Called on sign-out; best effort, since a
 * browser without `indexedDB.databases()` keeps them (they are useless
 * without a session, but still readable on disk).
 */
export async function forgetLocalCopies(): Promise<void> {
  forgetRemembered(SAVES_KEY_PREFIX);
  if (typeof indexedDB === "undefined" || !indexedDB.databases) return;
  const databases = await indexedDB.databases();
  await Promise.all(
    databases
      .filter(({ name }) => name?.startsWith(PREFIX))
      .map(({ name }) => deleteDatabase(name!)),
  );
}
