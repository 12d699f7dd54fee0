import type { VersionInfo } from "../../shared/api/versions.ts";
import { newId } from "../../shared/ids.ts";
import { CHUNK_BYTES, joinChunks } from "./document-store.ts";
import type { Migration } from "../lib/migrations.ts";

/**
 * A document's versions in its Durable Object's SQLite: each one the whole
 * encoded Yjs state at a moment, split into chunks like the snapshot (no
 * value near SQLite's 2 MB limit), plus who had changed the document since
 * the version before. Automatic versions are pruned to the newest
 * `MAX_AUTO_VERSIONS`, and the oldest go first when a new version would not
 * fit in the history's byte budget; named ones stay until the file is
 * deleted, up to `MAX_NAMED_VERSIONS`.
 */

export const MAX_AUTO_VERSIONS = 20;
export const MAX_NAMED_VERSIONS = 100;

export const versionStoreMigration: Migration = {
  id: "0004-versions",
  sql: `CREATE TABLE versions (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          id TEXT NOT NULL UNIQUE,
          kind TEXT NOT NULL CHECK (kind IN ('named', 'auto')),
          name TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          created_by_id TEXT,
          created_by_name TEXT,
          authors TEXT NOT NULL,
          bytes INTEGER NOT NULL,
          chunks INTEGER NOT NULL
        );
        CREATE TABLE version_chunks (
          version_seq INTEGER NOT NULL,
          idx INTEGER NOT NULL,
          data BLOB NOT NULL,
          PRIMARY KEY (version_seq, idx)
        );
        -- Who has changed the document since the newest version.
        CREATE TABLE version_authors (
          user_id TEXT PRIMARY KEY,
          name TEXT NOT NULL
        )`,
};

type VersionRow = {
  seq: number;
  id: string;
  kind: "named" | "auto";
  name: string;
  created_at: number;
  created_by_id: string | null;
  created_by_name: string | null;
  authors: string;
  bytes: number;
  chunks: number;
};

/** Reads and writes one document's versions. */
export class VersionStore {
  readonly #storage: DurableObjectStorage;
  /**
   * Authors already in `version_authors` under this name, so a burst of
   * updates by one person writes their row once, not once per update (issue
   * 14.4). Forgotten when a version clears the table or a transaction that
   * noted someone rolls back (`forgetNotedAuthors`).
   */
  readonly #noted = new Map<string, string>();

  constructor(storage: DurableObjectStorage) {
    this.#storage = storage;
  }

  /** Remembers that this person changed the document (one row per person, not per edit). */
  noteAuthor(userId: string, name: string): void {
    if (this.#noted.get(userId) === name) return;
    this.#storage.sql.exec(
      `INSERT INTO version_authors (user_id, name) VALUES (?, ?)
       ON CONFLICT (user_id) DO UPDATE SET name = excluded.name WHERE name <> excluded.name`,
      userId,
      name,
    );
    this.#noted.set(userId, name);
  }

  /** The rows noted may not be stored (a rolled-back transaction): read them again next time. */
  forgetNotedAuthors(): void {
    this.#noted.clear();
  }

  /** Whether anyone changed the document since the newest version. */
  changedSinceLastVersion(): boolean {
    return this.#storage.sql.exec("SELECT 1 FROM version_authors LIMIT 1").toArray().length > 0;
  }

  /** How many named versions there are (they are capped). */
  namedCount(): number {
    return this.#storage.sql
      .exec<{ count: number }>("SELECT COUNT(*) AS count FROM versions WHERE kind = 'named'")
      .one().count;
  }

  /**
   * Stores `state` as a new version, in one transaction, and prunes old
   * automatic ones. All versions together stay within `budgetBytes`: the
   * oldest automatic versions make room, and where named ones fill the
   * budget nothing is stored and the answer is undefined (issue 15.8: a
   * 2 MB document's automatic versions reached 104 MB against a 67 MB budget).
   */
  save(
    state: Uint8Array,
    version: { kind: "named" | "auto"; name: string; createdBy?: { id: string; name: string } },
    budgetBytes: number,
  ): VersionInfo | undefined {
    const sql = this.#storage.sql;
    return this.#storage.transactionSync(() => {
      if (!this.#makeRoom(state.byteLength, budgetBytes)) return undefined;
      const authors = sql
        .exec<{ name: string }>("SELECT name FROM version_authors ORDER BY name")
        .toArray()
        .map((row) => row.name);
      const chunks = Math.max(1, Math.ceil(state.byteLength / CHUNK_BYTES));
      const row = sql
        .exec<VersionRow>(
          `INSERT INTO versions (id, kind, name, created_at, created_by_id, created_by_name, authors, bytes, chunks)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
          newId(),
          version.kind,
          version.name,
          Date.now(),
          version.createdBy?.id ?? null,
          version.createdBy?.name ?? null,
          JSON.stringify(authors),
          state.byteLength,
          chunks,
        )
        .one();
      for (let index = 0; index < chunks; index++) {
        sql.exec(
          "INSERT INTO version_chunks (version_seq, idx, data) VALUES (?, ?, ?)",
          row.seq,
          index,
          state.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES),
        );
      }
      sql.exec("DELETE FROM version_authors");
      this.#noted.clear();
      const pruned = sql
        .exec<{ seq: number }>(
          "SELECT seq FROM versions WHERE kind = 'auto' ORDER BY seq DESC LIMIT -1 OFFSET ?",
          MAX_AUTO_VERSIONS,
        )
        .toArray();
      for (const { seq } of pruned) this.#delete(seq);
      return versionInfo(row);
    });
  }

  /** Drops the oldest automatic versions until `bytes` more fit in `budgetBytes`; false if they cannot. */
  #makeRoom(bytes: number, budgetBytes: number): boolean {
    const autos = this.#storage.sql
      .exec<{ seq: number; bytes: number }>(
        "SELECT seq, bytes FROM versions WHERE kind = 'auto' ORDER BY seq",
      )
      .toArray();
    const named = this.bytes() - autos.reduce((sum, row) => sum + row.bytes, 0);
    if (named + bytes > budgetBytes) return false;
    let used = this.bytes();
    for (const auto of autos) {
      if (used + bytes <= budgetBytes) break;
      this.#delete(auto.seq);
      used -= auto.bytes;
    }
    return true;
  }

  #delete(seq: number): void {
    this.#storage.sql.exec("DELETE FROM version_chunks WHERE version_seq = ?", seq);
    this.#storage.sql.exec("DELETE FROM versions WHERE seq = ?", seq);
  }

  /** Every version, newest first. */
  list(): VersionInfo[] {
    return this.#storage.sql
      .exec<VersionRow>("SELECT * FROM versions ORDER BY seq DESC")
      .toArray()
      .map(versionInfo);
  }

  /** One version and its encoded state, or undefined if there is no such version. */
  get(id: string): { info: VersionInfo; state: Uint8Array } | undefined {
    const sql = this.#storage.sql;
    const row = sql.exec<VersionRow>("SELECT * FROM versions WHERE id = ?", id).toArray()[0];
    if (!row) return undefined;
    const chunks = sql
      .exec<{ data: ArrayBuffer }>(
        "SELECT data FROM version_chunks WHERE version_seq = ? ORDER BY idx",
        row.seq,
      )
      .toArray()
      .map((chunk) => new Uint8Array(chunk.data));
    if (chunks.length !== row.chunks) {
      throw new Error(`version ${id} has ${chunks.length} of ${row.chunks} chunks`);
    }
    return { info: versionInfo(row), state: joinChunks(chunks) };
  }

  /** Bytes all versions take. */
  bytes(): number {
    return (
      this.#storage.sql
        .exec<{ bytes: number | null }>("SELECT SUM(length(data)) AS bytes FROM version_chunks")
        .one().bytes ?? 0
    );
  }
}

function versionInfo(row: VersionRow): VersionInfo {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    createdAt: row.created_at,
    ...(row.created_by_id && row.created_by_name
      ? { createdBy: { id: row.created_by_id, name: row.created_by_name } }
      : {}),
    authors: JSON.parse(row.authors) as string[],
    bytes: row.bytes,
  };
}
