import { DurableObject } from "cloudflare:workers";
import { applyMigrations, type Migration } from "../lib/migrations.ts";
import { startUp } from "../lib/start-up.ts";

const migrations: readonly Migration[] = [
  {
    id: "0001-hits",
    sql: `CREATE TABLE hits (
            kind TEXT NOT NULL,
            at INTEGER NOT NULL
          );
          CREATE INDEX hits_by_kind ON hits (kind, at)`,
  },
];

/** What `take` decides. */
export type LimitDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * A sliding-window counter for one subject (`user:<id>` or `ip:<address>`),
 * in SQLite: each allowed action is a row, and an action is allowed while
 * fewer than `limit` rows of its kind are younger than the window. Exact,
 * unlike a fixed window, and small: at most `limit` rows per kind survive a
 * call. When every window has passed, the alarm deletes the object's storage.
 */
export class LimiterObject extends DurableObject<Env> {
  /** The alarm wiped storage, tables included; the next action sets them up again. */
  #wiped = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    startUp(ctx, () => applyMigrations(ctx.storage, migrations));
  }

  /** Counts one action of `kind` if the window has room. */
  async take(kind: string, limit: number, windowMs: number): Promise<LimitDecision> {
    if (this.#wiped) {
      applyMigrations(this.ctx.storage, migrations);
      this.#wiped = false;
    }
    const sql = this.ctx.storage.sql;
    const now = Date.now();
    sql.exec("DELETE FROM hits WHERE kind = ? AND at <= ?", kind, now - windowMs);
    const inWindow = sql
      .exec<{ at: number }>("SELECT at FROM hits WHERE kind = ? ORDER BY at", kind)
      .toArray();
    if (inWindow.length >= limit) {
      const oldest = inWindow[inWindow.length - limit]!.at;
      return {
        ok: false,
        retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)),
      };
    }
    sql.exec("INSERT INTO hits (kind, at) VALUES (?, ?)", kind, now);
    const cleanupAt = now + windowMs;
    const alarm = await this.ctx.storage.getAlarm();
    if (alarm === null || alarm < cleanupAt) await this.ctx.storage.setAlarm(cleanupAt);
    return { ok: true };
  }

  override async alarm(): Promise<void> {
    // The last action's window has passed (the alarm follows the newest):
    // nothing here limits anyone any more.
    await this.ctx.storage.deleteAll();
    this.#wiped = true;
  }
}
