import { newId } from "../../shared/ids.ts";

/** One of the person's sessions as their object keeps it. */
export interface KnownSession {
  id: string;
  sessionHash: string;
  browser: string;
  createdAt: number;
}

interface SessionRow {
  id: string;
  session_hash: string;
  browser: string;
  created_at: number;
  [column: string]: SqlStorageValue;
}

/**
 * The index of a person's sign-in sessions (issue 18 item 3). The session
 * shards hold the sessions (by token hash, sharded so sign-in stays cheap);
 * only this object knows which hashes are one person's, so listing them or
 * signing out "everywhere" asks no shard that does not hold one. Each row
 * has a public id, so the app never sees a token's hash.
 */
export class Sessions {
  readonly #sql: SqlStorage;

  constructor(storage: DurableObjectStorage) {
    this.#sql = storage.sql;
  }

  /** Records a session (idempotent for a hash already known) and returns its public id. */
  add(sessionHash: string, browser: string, createdAt = Date.now()): string {
    const known = this.byHash(sessionHash);
    if (known) return known.id;
    const id = newId();
    this.#sql.exec(
      "INSERT INTO sessions (id, session_hash, browser, created_at) VALUES (?, ?, ?, ?)",
      id,
      sessionHash,
      browser,
      createdAt,
    );
    return id;
  }

  /** Every session, oldest first. */
  list(): KnownSession[] {
    return this.#sql
      .exec<SessionRow>("SELECT * FROM sessions ORDER BY created_at, id")
      .toArray()
      .map(fromRow);
  }

  /** The session with this public id, if it is one of this person's. */
  byId(id: string): KnownSession | undefined {
    const row = this.#sql.exec<SessionRow>("SELECT * FROM sessions WHERE id = ?", id).toArray()[0];
    return row && fromRow(row);
  }

  byHash(sessionHash: string): KnownSession | undefined {
    const row = this.#sql
      .exec<SessionRow>("SELECT * FROM sessions WHERE session_hash = ?", sessionHash)
      .toArray()[0];
    return row && fromRow(row);
  }

  /** Forgets a session (signed out, expired). Idempotent. */
  forget(sessionHash: string): void {
    this.#sql.exec("DELETE FROM sessions WHERE session_hash = ?", sessionHash);
  }
}

function fromRow(row: SessionRow): KnownSession {
  return {
    id: row.id,
    sessionHash: row.session_hash,
    browser: row.browser,
    createdAt: row.created_at,
  };
}
