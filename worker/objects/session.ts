import { DurableObject } from "cloudflare:workers";
import type { User } from "../../shared/api/session.ts";
import { SESSION_LAST_SEEN_INTERVAL_MS, SESSION_REFRESH_INTERVAL_MS } from "../../shared/limits.ts";
import { applyMigrations, type Migration } from "../lib/migrations.ts";
import { startUp } from "../lib/start-up.ts";
import { AlarmScheduler, schedulerMigration } from "../lib/scheduler.ts";

/** Append-only schema of a session shard's SQLite (see `applyMigrations`). */
const migrations: readonly Migration[] = [
  {
    id: "0001-sessions",
    // ttl_ms is kept per session so sliding extends by the session's own
    // lifetime, and so the last extension is expires_at - ttl_ms (no extra column).
    sql: `CREATE TABLE sessions (
            hash TEXT PRIMARY KEY,
            user_id TEXT NOT NULL,
            name TEXT NOT NULL,
            color TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            ttl_ms INTEGER NOT NULL
          );
          CREATE INDEX sessions_by_expiry ON sessions (expires_at)`,
  },
  schedulerMigration,
  {
    id: "0002-last-seen",
    // Issue 18 item 3: the account page shows when each session was last
    // used. NULL (a session from before) reads as its creation.
    sql: "ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER",
  },
];

interface SessionRow {
  hash: string;
  user_id: string;
  name: string;
  color: string;
  created_at: number;
  expires_at: number;
  ttl_ms: number;
  last_seen_at: number | null;
  [column: string]: SqlStorageValue;
}

/** What `resolve` finds for a token hash. */
export type ResolvedSession =
  | { ok: true; user: User; expiresAt: number }
  | { ok: false; reason: "unknown" | "expired" };

const SWEEP = "sweep";

/** What the sockets of an expired session are told as they close. */
const SESSION_EXPIRED = "Your session expired. Sign in again.";
const SWEEP_KEY = "expired";

/**
 * One of 16 shards of sign-in sessions, named `shard-<first hex digit of the
 * token's SHA-256>` (see `worker/lib/auth.ts`). It stores only token hashes.
 *
 * Expiry is one "sweep" event at the earliest expiry, not one event per
 * session: sliding a session's expiry then never touches the scheduler (it
 * only moves a row later, so the sweep can only be early, and an early sweep
 * deletes nothing and moves itself to the new earliest), a sign-out is one
 * DELETE, and a sweep removes every expired row with one ranged DELETE on the
 * expiry index. Lookups check the expiry themselves, so a session that has
 * expired but is not swept yet is already refused.
 */
export class SessionObject extends DurableObject<Env> {
  readonly #sql = this.ctx.storage.sql;
  readonly #scheduler = new AlarmScheduler(this.ctx.storage, {
    [SWEEP]: () => this.#sweep(),
  });

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    startUp(ctx, () => {
      applyMigrations(ctx.storage, migrations);
    });
  }

  override async alarm(): Promise<void> {
    await this.#scheduler.runDue();
  }

  /** Stores a new session for `user`, valid for `ttlMs` and sliding on use. */
  async create(tokenHash: string, user: User, ttlMs: number): Promise<{ expiresAt: number }> {
    if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`bad session ttl ${ttlMs}`);
    const now = Date.now();
    const expiresAt = now + ttlMs;
    this.#sql.exec(
      `INSERT INTO sessions (hash, user_id, name, color, created_at, expires_at, ttl_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      tokenHash,
      user.id,
      user.name,
      user.color,
      now,
      expiresAt,
      ttlMs,
    );
    const sweepAt = this.#scheduler.scheduledAt(SWEEP, SWEEP_KEY);
    if (sweepAt === undefined || expiresAt < sweepAt) {
      await this.#scheduler.schedule(SWEEP, SWEEP_KEY, expiresAt);
    }
    return { expiresAt };
  }

  /**
   * The session's user, if it exists and has not expired. Slides the expiry
   * forward and moves "last seen", but writes at most once per
   * `SESSION_LAST_SEEN_INTERVAL_MS` (the expiry at most once per
   * `SESSION_REFRESH_INTERVAL_MS`), so a busy tab costs no write per request.
   */
  resolve(tokenHash: string): ResolvedSession {
    const row = this.#row(tokenHash);
    if (!row) return { ok: false, reason: "unknown" };
    const now = Date.now();
    if (row.expires_at <= now) return { ok: false, reason: "expired" };
    let expiresAt = row.expires_at;
    const lastExtended = row.expires_at - row.ttl_ms;
    if (now - lastExtended >= SESSION_REFRESH_INTERVAL_MS) expiresAt = now + row.ttl_ms;
    const lastSeen = row.last_seen_at ?? row.created_at;
    if (expiresAt !== row.expires_at || now - lastSeen >= SESSION_LAST_SEEN_INTERVAL_MS) {
      this.#sql.exec(
        "UPDATE sessions SET expires_at = ?, last_seen_at = ? WHERE hash = ?",
        expiresAt,
        now,
        tokenHash,
      );
    }
    return {
      ok: true,
      user: { id: row.user_id, name: row.name, color: row.color },
      expiresAt,
    };
  }

  /** Copies a changed name or colour into the session, so lookups need no UserObject. */
  updateUser(tokenHash: string, user: User): boolean {
    const { rowsWritten } = this.#sql.exec(
      "UPDATE sessions SET name = ?, color = ? WHERE hash = ? AND user_id = ?",
      user.name,
      user.color,
      tokenHash,
      user.id,
    );
    return rowsWritten > 0;
  }

  /**
   * Ends the session now, and says whose it was (their sockets must close
   * too). Revoking an unknown or revoked session is fine.
   */
  revoke(tokenHash: string): string | undefined {
    const userId = this.#row(tokenHash)?.user_id;
    this.#sql.exec("DELETE FROM sessions WHERE hash = ?", tokenHash);
    return userId;
  }

  /**
   * When each of these sessions was last used, for those that are still
   * alive here (an expired, revoked or unknown hash is left out, so the
   * caller can forget it).
   */
  lastSeen(tokenHashes: string[]): Record<string, number> {
    const now = Date.now();
    const seen: Record<string, number> = {};
    for (const hash of tokenHashes) {
      const row = this.#row(hash);
      if (row && row.expires_at > now) seen[hash] = row.last_seen_at ?? row.created_at;
    }
    return seen;
  }

  #row(tokenHash: string): SessionRow | undefined {
    return this.#sql
      .exec<SessionRow>("SELECT * FROM sessions WHERE hash = ?", tokenHash)
      .toArray()[0];
  }

  /**
   * Closes the open sockets of every expired session (issue 15.10: they
   * would go on writing), deletes those sessions, and points the sweep at
   * the next expiry. A user object that cannot be reached now makes the
   * sweep throw before anything is deleted, so the scheduler tries again.
   */
  async #sweep(): Promise<{ againAt: number } | undefined> {
    const now = Date.now();
    const expired = this.#sql
      .exec<{ hash: string; user_id: string }>(
        "SELECT hash, user_id FROM sessions WHERE expires_at <= ?",
        now,
      )
      .toArray();
    await Promise.all(
      expired.map(({ hash, user_id }) =>
        this.env.USERS.get(this.env.USERS.idFromName(user_id)).signOut(hash, SESSION_EXPIRED),
      ),
    );
    this.#sql.exec("DELETE FROM sessions WHERE expires_at <= ?", now);
    const next = this.#sql
      .exec<{ next: number | null }>("SELECT MIN(expires_at) AS next FROM sessions")
      .one().next;
    return next === null ? undefined : { againAt: next };
  }
}
