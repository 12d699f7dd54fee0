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

/** The scheduler event that drops a lock whose holder has had no socket on the file for a while. */
export const LOCK_HOLDER_AWAY_EVENT = "lock-holder-away";

/**
 * How long a lock outlives its holder's last socket on the file: long enough
 * for a reload or a train tunnel, short enough that a closed laptop does not
 * strand everyone else for the rest of the lease (issue 12, item 9).
 */
export const HOLDER_AWAY_MS = 60_000;

/** Who asks for a lock: the Worker passes the session's user and their role. */
export interface LockCaller {
  id: string;
  name: string;
  role: Role;
}

/** Whether a person has a socket open on the file now (but `leaving`, which is closing). */
export type HolderOnline = (holderId: string, leaving?: WebSocket) => boolean;

/**
 * A file's lock: a row in the document's SQLite, so it survives hibernation
 * and restarts, with its expiry on the alarm. While it is held, only the
 * holder may change the document. It also ends `HOLDER_AWAY_MS` after its
 * holder's last socket on the file closed (or at once if they never had
 * one), through the alarm as well. Every change is told to `onChange`.
 */
export class DocumentLock {
  readonly #sql: SqlStorage;
  readonly #scheduler: AlarmScheduler;
  readonly #onChange: () => void | Promise<void>;
  readonly #holderOnline: HolderOnline;
  /** The lock as last read or written; undefined until first read. */
  #lock: LockState | undefined;

  constructor(
    storage: DurableObjectStorage,
    scheduler: AlarmScheduler,
    onChange: () => void | Promise<void>,
    holderOnline: HolderOnline,
  ) {
    this.#sql = storage.sql;
    this.#scheduler = scheduler;
    this.#onChange = onChange;
    this.#holderOnline = holderOnline;
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
    await this.followHolder();
    await this.#onChange();
    return ok(this.state());
  }

  /** Releases the caller's own lock; an owner may break anyone's. */
  async unlock(caller: LockCaller): Promise<Outcome<LockState>> {
    const current = this.state();
    if (!current) return ok(null);
    if (current.holder.id !== caller.id && caller.role !== "owner") return heldBy(current);
    await this.#drop();
    return ok(null);
  }

  /** Drops the lock if `userId` holds it (they were removed, or may no longer write). */
  async releaseHeldBy(userId: string): Promise<void> {
    if (this.state()?.holder.id === userId) await this.#drop();
  }

  /** From the alarm: drops a lock whose lease ran out. Idempotent. */
  async expire(): Promise<void> {
    const row = this.#sql.exec<{ expires_at: number }>("SELECT expires_at FROM lock").toArray()[0];
    if (!row) return;
    // Renewed since: the renewal scheduled its own expiry.
    if (row.expires_at > Date.now()) return;
    await this.#drop();
  }

  /**
   * A socket opened or closed (`leaving`): with none of the holder's left,
   * the lock ends `HOLDER_AWAY_MS` from now; once they are back, it stays.
   * The countdown is a scheduled event, so it survives hibernation.
   */
  async followHolder(leaving?: WebSocket): Promise<void> {
    const lock = this.state();
    const away = lock !== null && !this.#holderOnline(lock.holder.id, leaving);
    const scheduled = this.#scheduler.scheduledAt(LOCK_HOLDER_AWAY_EVENT, "lock");
    if (away && scheduled === undefined) {
      await this.#scheduler.schedule(LOCK_HOLDER_AWAY_EVENT, "lock", Date.now() + HOLDER_AWAY_MS);
    } else if (!away && scheduled !== undefined) {
      await this.#scheduler.cancel(LOCK_HOLDER_AWAY_EVENT, "lock");
    }
  }

  /** From the alarm: the holder has been away for `HOLDER_AWAY_MS`; drops the lock unless they came back. */
  async holderAway(): Promise<void> {
    const lock = this.state();
    if (!lock || this.#holderOnline(lock.holder.id)) return;
    await this.#drop();
  }

  async #drop(): Promise<void> {
    this.#sql.exec("DELETE FROM lock");
    this.#lock = undefined;
    await this.#scheduler.cancel(LOCK_EXPIRY_EVENT, "lock");
    await this.#scheduler.cancel(LOCK_HOLDER_AWAY_EVENT, "lock");
    await this.#onChange();
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
