import type { Migration } from "../lib/migrations.ts";

/**
 * A Yjs document's storage in its Durable Object's SQLite: an append-only
 * log of updates plus at most one snapshot, both split into chunks well
 * under SQLite's 2 MB value limit, so a document's size has no cliff.
 *
 * Compaction writes the new snapshot and trims the log in one transaction,
 * so there is never a moment when both the old log and the new snapshot are
 * missing; and if a snapshot were written without the trim, loading would
 * simply apply some updates twice, which Yjs ignores.
 */

/** Largest piece of an update or snapshot in one row (SQLite values may not exceed 2 MB). */
export const CHUNK_BYTES = 512 * 1024;

/** The first log: one row per update (kept, since migrations are append-only). */
export const updateLogMigration: Migration = {
  id: "0001-update-log",
  sql: `CREATE TABLE updates (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          data BLOB NOT NULL,
          stored_at INTEGER NOT NULL
        )`,
};

/** Migrations that move a document from the first `updates` table to chunked log and snapshots. */
export const documentStoreMigration: Migration = {
  id: "0003-chunked-log-and-snapshots",
  sql: `CREATE TABLE log (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          update_id INTEGER NOT NULL,
          part INTEGER NOT NULL,
          parts INTEGER NOT NULL,
          data BLOB NOT NULL,
          stored_at INTEGER NOT NULL
        );
        CREATE INDEX log_by_update ON log (update_id, part);
        INSERT INTO log (seq, update_id, part, parts, data, stored_at)
          SELECT seq, seq, 0, 1, data, stored_at FROM updates ORDER BY seq;
        DROP TABLE updates;
        CREATE TABLE snapshots (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          upto_update INTEGER NOT NULL,
          bytes INTEGER NOT NULL,
          chunks INTEGER NOT NULL,
          created_at INTEGER NOT NULL
        );
        CREATE TABLE snapshot_chunks (
          snapshot_id INTEGER NOT NULL,
          idx INTEGER NOT NULL,
          data BLOB NOT NULL,
          PRIMARY KEY (snapshot_id, idx)
        )`,
};

/** How much a document stores, for compaction thresholds and the quota. */
export interface StoreStats {
  logBytes: number;
  logUpdates: number;
  snapshotBytes: number;
}

/** Thrown when a compaction would replace stored data with an empty document. */
export class EmptyCompactionError extends Error {
  override name = "EmptyCompactionError";
}

/** Reads and writes one document's log and snapshot. Callers own the transactions. */
export class DocumentStore {
  readonly #sql: SqlStorage;
  /**
   * Sizes kept in memory after the first read, so the hot path (one append
   * per edit) does not sum the log each time. Every write goes through this
   * class, and a new instance reads them again after a restart.
   */
  #stats: StoreStats | undefined;

  constructor(storage: DurableObjectStorage) {
    this.#sql = storage.sql;
  }

  /**
   * Appends one update to the log, in as many chunks as it needs. Its id is
   * the row id its first chunk gets (AUTOINCREMENT never reuses one).
   */
  append(update: Uint8Array): void {
    const stats = this.stats();
    const parts = Math.max(1, Math.ceil(update.byteLength / CHUNK_BYTES));
    const now = Date.now();
    const { seq: updateId } = this.#sql
      .exec<{ seq: number }>(
        `INSERT INTO log (update_id, part, parts, data, stored_at)
         VALUES (COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'log'), 0) + 1, 0, ?, ?, ?)
         RETURNING seq`,
        parts,
        update.subarray(0, CHUNK_BYTES),
        now,
      )
      .one();
    for (let part = 1; part < parts; part++) {
      this.#sql.exec(
        "INSERT INTO log (update_id, part, parts, data, stored_at) VALUES (?, ?, ?, ?, ?)",
        updateId,
        part,
        parts,
        update.subarray(part * CHUNK_BYTES, (part + 1) * CHUNK_BYTES),
        now,
      );
    }
    stats.logBytes += update.byteLength;
    stats.logUpdates += 1;
  }

  /**
   * Everything needed to rebuild the document, in order: the snapshot (if
   * any), then every logged update after it.
   */
  load(): Uint8Array[] {
    const snapshot = this.#sql
      .exec<{ id: number; upto_update: number; chunks: number }>(
        "SELECT id, upto_update, chunks FROM snapshots ORDER BY id DESC LIMIT 1",
      )
      .toArray()[0];
    const updates: Uint8Array[] = [];
    let after = 0;
    if (snapshot) {
      const chunks = this.#sql
        .exec<{ data: ArrayBuffer }>(
          "SELECT data FROM snapshot_chunks WHERE snapshot_id = ? ORDER BY idx",
          snapshot.id,
        )
        .toArray()
        .map((row) => new Uint8Array(row.data));
      if (chunks.length !== snapshot.chunks) {
        throw new Error(
          `snapshot ${snapshot.id} has ${chunks.length} of ${snapshot.chunks} chunks`,
        );
      }
      updates.push(joinChunks(chunks));
      after = snapshot.upto_update;
    }
    let pending: Uint8Array[] = [];
    for (const row of this.#sql.exec<{ part: number; parts: number; data: ArrayBuffer }>(
      "SELECT part, parts, data FROM log WHERE update_id > ? ORDER BY seq",
      after,
    )) {
      pending.push(new Uint8Array(row.data));
      if (row.part === row.parts - 1) {
        updates.push(joinChunks(pending));
        pending = [];
      }
    }
    return updates;
  }

  /**
   * Replaces the log up to now and any older snapshot with `state`, the
   * encoded document (which must include everything in the log). One
   * transaction. Refuses to store an empty document over stored data: a
   * load that failed or came back empty must never erase a document.
   */
  compact(storage: DurableObjectStorage, state: Uint8Array, isEmpty: boolean): void {
    const stats = this.stats();
    if (isEmpty && stats.logBytes + stats.snapshotBytes > 0) {
      throw new EmptyCompactionError(
        `refusing to replace ${stats.logBytes + stats.snapshotBytes} stored bytes with an empty document`,
      );
    }
    storage.transactionSync(() => {
      const upto =
        this.#sql.exec<{ upto: number | null }>("SELECT MAX(update_id) AS upto FROM log").one()
          .upto ??
        this.#sql
          .exec<{ upto: number }>(
            "SELECT upto_update AS upto FROM snapshots ORDER BY id DESC LIMIT 1",
          )
          .toArray()[0]?.upto ??
        0;
      const chunks = Math.max(1, Math.ceil(state.byteLength / CHUNK_BYTES));
      const { id } = this.#sql
        .exec<{ id: number }>(
          `INSERT INTO snapshots (upto_update, bytes, chunks, created_at) VALUES (?, ?, ?, ?)
           RETURNING id`,
          upto,
          state.byteLength,
          chunks,
          Date.now(),
        )
        .one();
      for (let index = 0; index < chunks; index++) {
        this.#sql.exec(
          "INSERT INTO snapshot_chunks (snapshot_id, idx, data) VALUES (?, ?, ?)",
          id,
          index,
          state.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES),
        );
      }
      this.#sql.exec("DELETE FROM snapshot_chunks WHERE snapshot_id <> ?", id);
      this.#sql.exec("DELETE FROM snapshots WHERE id <> ?", id);
      this.#sql.exec("DELETE FROM log WHERE update_id <= ?", upto);
    });
    this.#stats = undefined;
  }

  /** Bytes and updates in the log, and bytes in the snapshot. */
  stats(): StoreStats {
    this.#stats ??= this.#readStats();
    return this.#stats;
  }

  #readStats(): StoreStats {
    const log = this.#sql
      .exec<{ bytes: number | null; updates: number }>(
        "SELECT SUM(length(data)) AS bytes, COUNT(DISTINCT update_id) AS updates FROM log",
      )
      .one();
    const snapshot = this.#sql
      .exec<{ bytes: number | null }>("SELECT SUM(length(data)) AS bytes FROM snapshot_chunks")
      .one();
    return {
      logBytes: log.bytes ?? 0,
      logUpdates: log.updates,
      snapshotBytes: snapshot.bytes ?? 0,
    };
  }
}

/** Joins chunks read back in order into one array (no copy for a single chunk). */
export function joinChunks(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
