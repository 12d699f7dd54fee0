import type { Migration } from "./migrations.ts";

/**
 * Many timed events, one alarm. A Durable Object has a single alarm, so every
 * object keeps its timed events (session expiry, trash purge, lock expiry,
 * compaction, ...) as rows in its own SQLite and points the alarm at the
 * earliest one (the pattern of tldraw's AlarmScheduler and the agents SDK's
 * schedules table). Events survive hibernation and eviction because they
 * live in SQLite; handlers must be idempotent because an alarm runs at least
 * once, and may run again after a crash halfway through.
 */

/** Add to an object's migrations list (once) before using `AlarmScheduler`. */
export const schedulerMigration: Migration = {
  id: "scheduler-0001-events",
  sql: `CREATE TABLE scheduled_events (
          name TEXT NOT NULL,
          key TEXT NOT NULL,
          run_at INTEGER NOT NULL,
          payload TEXT,
          attempts INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (name, key)
        );
        CREATE INDEX scheduled_events_by_time ON scheduled_events (run_at)`,
};

/** A due event as its handler sees it. */
export interface ScheduledEvent {
  name: string;
  key: string;
  runAt: number;
  payload: unknown;
  attempts: number;
}

/** What a handler may return: `{ again: ms }` reschedules the same event that far ahead. */
export type HandlerResult = void | { againAt: number };

export type EventHandler = (event: ScheduledEvent) => HandlerResult | Promise<HandlerResult>;

/** Retry delays after a handler throws: 1 s, 2 s, 4 s, ... capped at 5 minutes. */
function retryDelay(attempts: number): number {
  return Math.min(1000 * 2 ** attempts, 5 * 60_000);
}

/**
 * Keeps named events in SQLite and the object's one alarm on the earliest.
 * Call `runDue` from the object's `alarm()`.
 */
export class AlarmScheduler {
  readonly #storage: DurableObjectStorage;
  readonly #handlers: Readonly<Record<string, EventHandler>>;

  constructor(storage: DurableObjectStorage, handlers: Readonly<Record<string, EventHandler>>) {
    this.#storage = storage;
    this.#handlers = handlers;
  }

  /**
   * Schedules event `name` for `key` at `runAt` (ms since epoch). An event with
   * the same name and key is replaced: scheduling is idempotent.
   */
  async schedule(name: string, key: string, runAt: number, payload?: unknown): Promise<void> {
    if (!(name in this.#handlers)) throw new Error(`no handler for scheduled event "${name}"`);
    this.#storage.sql.exec(
      `INSERT INTO scheduled_events (name, key, run_at, payload, attempts) VALUES (?, ?, ?, ?, 0)
       ON CONFLICT (name, key) DO UPDATE SET run_at = excluded.run_at, payload = excluded.payload, attempts = 0`,
      name,
      key,
      runAt,
      payload === undefined ? null : JSON.stringify(payload),
    );
    await this.#resetAlarm();
  }

  /** Removes an event if it is scheduled. */
  async cancel(name: string, key: string): Promise<void> {
    this.#storage.sql.exec("DELETE FROM scheduled_events WHERE name = ? AND key = ?", name, key);
    await this.#resetAlarm();
  }

  /** The scheduled time of an event, or undefined. */
  scheduledAt(name: string, key: string): number | undefined {
    const row = this.#storage.sql
      .exec<{ run_at: number }>(
        "SELECT run_at FROM scheduled_events WHERE name = ? AND key = ?",
        name,
        key,
      )
      .toArray()[0];
    return row?.run_at;
  }

  /**
   * Runs every event due at `now`, earliest first, one at a time. A handler
   * that throws is retried later with backoff; the others still run. Ends by
   * pointing the alarm at the next event.
   */
  async runDue(now = Date.now()): Promise<void> {
    const due = this.#storage.sql
      .exec<{
        name: string;
        key: string;
        run_at: number;
        payload: string | null;
        attempts: number;
      }>(
        "SELECT name, key, run_at, payload, attempts FROM scheduled_events WHERE run_at <= ? ORDER BY run_at, name, key",
        now,
      )
      .toArray();
    for (const row of due) {
      const event: ScheduledEvent = {
        name: row.name,
        key: row.key,
        runAt: row.run_at,
        payload: row.payload === null ? undefined : JSON.parse(row.payload),
        attempts: row.attempts,
      };
      const handler = this.#handlers[row.name];
      try {
        if (!handler) throw new Error(`no handler for scheduled event "${row.name}"`);
        const result = await handler(event);
        // Delete only the occurrence that ran: the handler may have rescheduled it.
        this.#storage.sql.exec(
          "DELETE FROM scheduled_events WHERE name = ? AND key = ? AND run_at = ?",
          row.name,
          row.key,
          row.run_at,
        );
        if (result && "againAt" in result) {
          await this.schedule(row.name, row.key, result.againAt, event.payload);
        }
      } catch (error) {
        console.error(`scheduled event ${row.name}/${row.key} failed`, error);
        this.#storage.sql.exec(
          "UPDATE scheduled_events SET run_at = ?, attempts = attempts + 1 WHERE name = ? AND key = ? AND run_at = ?",
          Date.now() + retryDelay(row.attempts),
          row.name,
          row.key,
          row.run_at,
        );
      }
    }
    await this.#resetAlarm();
  }

  async #resetAlarm(): Promise<void> {
    const next = this.#storage.sql
      .exec<{ run_at: number | null }>("SELECT MIN(run_at) AS run_at FROM scheduled_events")
      .one().run_at;
    if (next === null) {
      await this.#storage.deleteAlarm();
      return;
    }
    const current = await this.#storage.getAlarm();
    if (current !== next) await this.#storage.setAlarm(next);
  }
}
