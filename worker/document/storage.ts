import * as Y from "yjs";
import { DOCUMENT_TEXT_NAME } from "../../shared/protocol/document-text.ts";
import type { AlarmScheduler } from "../lib/scheduler.ts";
import { DocumentStore, EmptyCompactionError } from "./document-store.ts";
import type { VersionStore } from "./version-store.ts";

/** The scheduler event that folds the log into a snapshot. */
export const COMPACT_EVENT = "compact";

/** Compaction is scheduled once the log passes either threshold. */
const COMPACT_LOG_BYTES = 1024 * 1024;
const COMPACT_LOG_UPDATES = 500;

/** Who made a change, as the version history lists them. */
export interface Author {
  id: string;
  name: string;
}

/**
 * A document's storage policy over its rows (DocumentStore): loading it
 * back, the quota, storing an update with its author, and compaction, with
 * the check that a snapshot loads back before it replaces the log.
 */
export class DocumentStorage {
  readonly #storage: DurableObjectStorage;
  readonly #store: DocumentStore;
  readonly #versions: VersionStore;
  readonly #scheduler: AlarmScheduler;
  /** The most a document stores (snapshot plus log), in bytes. */
  readonly quotaBytes: number;
  /** A compaction is scheduled (or was, in this wake): updates need not ask again. */
  #compactionScheduled = false;

  constructor(
    storage: DurableObjectStorage,
    versions: VersionStore,
    scheduler: AlarmScheduler,
    quotaBytes: number,
  ) {
    this.#storage = storage;
    this.#store = new DocumentStore(storage);
    this.#versions = versions;
    this.#scheduler = scheduler;
    this.quotaBytes = quotaBytes;
  }

  /** The document as stored. */
  loadDocument(): Y.Doc {
    const doc = new Y.Doc({ gc: true });
    // One by one, in the order they were stored, as the live document applied
    // them: merged first, updates that disagree about the same items (a
    // forged or broken client's, found by fuzzing) can fail to apply
    // although each applied in turn, and the document would not open again.
    // One transaction around them all: Yjs cleans up and merges once.
    const updates = this.#store.load();
    doc.transact(() => {
      for (const update of updates) Y.applyUpdate(doc, update);
    });
    return doc;
  }

  /** Why an update of `bytes` may not be stored (a close reason), or undefined if it fits. */
  quotaRefusal(bytes: number): string | undefined {
    const stats = this.#store.stats();
    if (stats.logBytes + stats.snapshotBytes + bytes <= this.quotaBytes) return undefined;
    return `this document is at its ${Math.round(this.quotaBytes / 1024 / 1024)} MB limit; the change was not saved`;
  }

  /** Runs `body` in one SQLite transaction (rolled back if it throws). */
  transaction<T>(body: () => T): T {
    try {
      return this.#storage.transactionSync(body);
    } catch (error) {
      // What `append` noted in memory was rolled back with the rows.
      this.#versions.forgetNotedAuthors();
      throw error;
    }
  }

  /**
   * Stores one update and notes its author for the version history. Run it
   * inside `transaction`, with whatever else must stand or fall with it.
   */
  append(update: Uint8Array, author: Author): void {
    this.#store.append(update);
    this.#versions.noteAuthor(author.id, author.name);
  }

  /**
   * After a live update was stored: fold the log once it is long. The sizes
   * are kept in memory (DocumentStore), and once a compaction is scheduled no
   * update asks the scheduler again until it ran (issue 14.4: no SQLite read
   * or alarm per update).
   */
  noteAppended(update: Uint8Array): void {
    if (this.#compactionScheduled) return;
    const stats = this.#store.stats();
    if (
      stats.logBytes + update.byteLength > COMPACT_LOG_BYTES ||
      stats.logUpdates + 1 > COMPACT_LOG_UPDATES
    ) {
      void this.scheduleCompaction(1000);
    }
  }

  /** The last person left: fold the log while nobody is waiting. */
  async compactSoon(): Promise<void> {
    if (this.#store.stats().logUpdates > 0) await this.scheduleCompaction(0);
  }

  async scheduleCompaction(delayMs: number): Promise<void> {
    this.#compactionScheduled = true;
    if (this.#scheduler.scheduledAt(COMPACT_EVENT, "log") !== undefined) return;
    await this.#scheduler.schedule(COMPACT_EVENT, "log", Date.now() + delayMs);
  }

  /** Folds the log into one chunked snapshot of `doc` (see DocumentStore). */
  compact(doc: Y.Doc): { stateBytes: number } {
    // The event that called this is done; a log that grows again schedules another.
    this.#compactionScheduled = false;
    // `encodeStateAsUpdate` already includes Yjs's pending structs and
    // deletes (updates still waiting for what they depend on), converted to
    // the v1 format, so nothing received is dropped by trimming the log.
    // Adding `store.pendingStructs.update` again, as this once did, fed Yjs's
    // internal v2 buffer to the v1 merge: it threw ("Integer out of Range",
    // "Unexpected end of array") or wrote a snapshot that could not load.
    const state = Y.encodeStateAsUpdate(doc);
    // The snapshot replaces the log, so it must load back as this document
    // before it is written: one that cannot be read would lose the document.
    try {
      if (textOf(state) !== doc.getText(DOCUMENT_TEXT_NAME).toString()) {
        throw new Error("its text differs from the document's");
      }
    } catch (cause) {
      throw new SnapshotCheckError("a snapshot that does not load back was refused; log kept", {
        cause,
      });
    }
    const store = doc.store;
    const isEmpty = store.clients.size === 0 && !store.pendingStructs && !store.pendingDs;
    try {
      this.#store.compact(this.#storage, state, isEmpty);
    } catch (error) {
      if (error instanceof EmptyCompactionError) console.error(error.message);
      else throw error;
    }
    return { stateBytes: state.byteLength };
  }

  /** What the document stores, and the size of `doc`'s encoded state. */
  stats(doc: Y.Doc) {
    return { ...this.#store.stats(), stateBytes: Y.encodeStateAsUpdate(doc).byteLength };
  }
}

/** Compaction refused to store a snapshot that does not load back as the document. */
class SnapshotCheckError extends Error {
  override name = "SnapshotCheckError";
}

/** The text of an encoded document state. */
export function textOf(state: Uint8Array): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const text = doc.getText(DOCUMENT_TEXT_NAME).toString();
  doc.destroy();
  return text;
}
