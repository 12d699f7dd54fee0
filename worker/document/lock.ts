import type { LockState } from "../../shared/api/lock.ts";
import { canWrite, type Role } from "../../shared/roles.ts";
import { conflict, forbidden, ok, type Outcome } from "../lib/outcome.ts";
import type { Migration } from "../lib/migrations.ts";
import type { AlarmScheduler } from "../lib/scheduler.ts";

/** The lock's table: at most one row. */
export const lockMigration: Migration = {
  id: "0002-lock",
  sql: `CREATE TABLE lock (
          singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
          holder_id TEXT NOT NULL,
          holder_name TEXT NOT NULL,
          acquired_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL
        )`,
};

/** The scheduler event that drops a lock whose lease ran out. */
export const LOCK_EXPIRY_EVENT = "lock-expiry";

/** Who asks for a lock: the Worker passes the session's user and their role. */
export interface LockCaller {
  id: string;
  name: string;
  role: Role;
}

/**
 * A file's lock: a row in the document's SQLite, so it survives hibernation
 * and restarts, with its expiry on the alarm. While it is held, only the
 * holder may change the document. Every change is told to `onChange`.
 */
export class DocumentLock {
  readonly #sql: SqlStorage;
  readonly #scheduler: AlarmScheduler;
  readonly #onChange: () => void;
  /** The lock as last read or written; undefined until first read. */
  #lock: LockState | undefined;

  constructor(storage: DurableObjectStorage, scheduler: AlarmScheduler, onChange: () => void) {
    this.#sql = storage.sql;
    this.#scheduler = scheduler;
    this.#onChange = onChange;
  }

  /** The file's lock, or null. An expired lock is already null, even before its alarm. */
  state(): LockState {
    // Read from SQLite once per instance; every change goes through this class.
    if (this.#lock === undefined) this.#lock = this.#read();
    return this.#lock && this.#lock.expiresAt > Date.now() ? this.#lock : null;
  }

  /** Whether `userId` may change the document now: nobody else holds a live lock. */
  allows(userId: string): boolean {
    const lock = this.state();
    return !lock || lock.holder.id === userId;
  }

  /** The 409 that names the holder, when someone other than `userId` holds a live lock. */
  refusalFor(userId: string): ReturnType<typeof heldBy> | undefined {
    const lock = this.state();
    return lock && lock.holder.id !== userId ? heldBy(lock) : undefined;
  }

  /**
   * Locks the file for `caller` for `leaseMs`, or renews their own lock.
   * Someone else's live lock is a 409 that names them. Viewers cannot lock.
   */
  async lock(
    caller: LockCaller,
    leaseMs: number,
    options: { renewOnly?: boolean } = {},
  ): Promise<Outcome<LockState>> {
    if (!canWrite(caller.role)) return forbidden("Viewers cannot lock this file.");
    const current = this.state();
    if (current && current.holder.id !== caller.id) return heldBy(current);
    if (!current && options.renewOnly)
      return conflict("You do not hold the lock on this file; lock it again.");
    const now = Date.now();
    const expiresAt = now + leaseMs;
    this.#sql.exec(
      `INSERT INTO lock (singleton, holder_id, holder_name, acquired_at, expires_at) VALUES (1, ?, ?, ?, ?)
       ON CONFLICT (singleton) DO UPDATE SET holder_id = excluded.holder_id,
         holder_name = excluded.holder_name, expires_at = excluded.expires_at,
         acquired_at = CASE WHEN lock.holder_id = excluded.holder_id AND lock.expires_at > ?
                            THEN lock.acquired_at ELSE excluded.acquired_at END`,
      caller.id,
      caller.name,
      now,
      expiresAt,
      now,
    );
    this.#lock = undefined;
    await this.#scheduler.schedule(LOCK_EXPIRY_EVENT, "lock", expiresAt);
    this.#onChange();
    return ok(this.state());
  }

  /** Releases the caller's own lock; an owner may break anyone's. */
  async unlock(caller: LockCaller): Promise<Outcome<LockState>> {
    const current = this.state();
    if (!current) return ok(null);
    if (current.holder.id !== caller.id && caller.role !== "owner") return heldBy(current);
    this.#sql.exec("DELETE FROM lock");
    this.#lock = undefined;
    await this.#scheduler.cancel(LOCK_EXPIRY_EVENT, "lock");
    this.#onChange();
    return ok(null);
  }

  /** From the alarm: drops a lock whose lease ran out. Idempotent. */
  expire(): void {
    const row = this.#sql.exec<{ expires_at: number }>("SELECT expires_at FROM lock").toArray()[0];
    if (!row) return;
    // Renewed since: the renewal scheduled its own expiry.
    if (row.expires_at > Date.now()) return;
    this.#sql.exec("DELETE FROM lock");
    this.#lock = undefined;
    this.#onChange();
  }

  #read(): LockState {
    const row = this.#sql
      .exec<{ holder_id: string; holder_name: string; acquired_at: number; expires_at: number }>(
        "SELECT holder_id, holder_name, acquired_at, expires_at FROM lock",
      )
      .toArray()[0];
    if (!row) return null;
    return {
      holder: { id: row.holder_id, name: row.holder_name },
      acquiredAt: row.acquired_at,
      expiresAt: row.expires_at,
    };
  }
}

/** A 409 that names who holds the lock and until when. */
export function heldBy(lock: NonNullable<LockState>) {
  const until = new Date(lock.expiresAt).toISOString();
  return conflict(`${lock.holder.name} holds the lock on this file until ${until}.`);
}
