import type { User } from "../../shared/api/session.ts";

/** How many times one person may ask for access to one workspace in a day. */
export const REQUESTS_PER_DAY = 3;
/** How many requests may wait for an answer at once, so owners' inboxes cannot be flooded. */
export const MAX_PENDING_REQUESTS = 50;

const DAY_MS = 24 * 60 * 60 * 1000;

/** A request waiting for an owner's answer. */
export interface AccessRequestRow {
  user_id: string;
  name: string;
  color: string;
  file_id: string | null;
  requested_at: number;
  [column: string]: SqlStorageValue;
}

/**
 * Requests for access from signed-in people who are not members (issue 12
 * item 3): at most one pending per person, `REQUESTS_PER_DAY` per person
 * and workspace, `MAX_PENDING_REQUESTS` at once.
 */
export class AccessRequests {
  readonly #sql: SqlStorage;

  constructor(storage: DurableObjectStorage) {
    this.#sql = storage.sql;
  }

  pending(userId: string): AccessRequestRow | undefined {
    return this.#sql
      .exec<AccessRequestRow>("SELECT * FROM access_requests WHERE user_id = ?", userId)
      .toArray()[0];
  }

  /** Every pending request, oldest first. */
  list(): AccessRequestRow[] {
    return this.#sql
      .exec<AccessRequestRow>("SELECT * FROM access_requests ORDER BY requested_at, rowid")
      .toArray();
  }

  /** Why `userId` may not ask now ("limit" or "full"), or undefined if they may. */
  limitReached(userId: string): "limit" | "full" | undefined {
    const since = Date.now() - DAY_MS;
    this.#sql.exec("DELETE FROM access_request_log WHERE at <= ?", since);
    const asked = this.#sql
      .exec<{ n: number }>("SELECT COUNT(*) AS n FROM access_request_log WHERE user_id = ?", userId)
      .one().n;
    if (asked >= REQUESTS_PER_DAY) return "limit";
    const waiting = this.#sql
      .exec<{ n: number }>("SELECT COUNT(*) AS n FROM access_requests")
      .one().n;
    return waiting >= MAX_PENDING_REQUESTS ? "full" : undefined;
  }

  add(user: User, fileId: string | undefined): AccessRequestRow {
    const now = Date.now();
    this.#sql.exec(
      `INSERT INTO access_requests (user_id, name, color, file_id, requested_at)
       VALUES (?, ?, ?, ?, ?)`,
      user.id,
      user.name,
      user.color,
      fileId ?? null,
      now,
    );
    this.#sql.exec("INSERT INTO access_request_log (user_id, at) VALUES (?, ?)", user.id, now);
    return this.pending(user.id)!;
  }

  /** Answers a request (approved or declined): it is no longer pending. */
  remove(userId: string): void {
    this.#sql.exec("DELETE FROM access_requests WHERE user_id = ?", userId);
  }
}
