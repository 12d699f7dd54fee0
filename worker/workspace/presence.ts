import type { PresentMember } from "../../shared/api/tree.ts";

/**
 * Who has which file of the workspace open, as each member's user object
 * reports it. Reports travel concurrently; each carries the user object's
 * sequence number, and one older than the last taken is dropped.
 */
export class FilePresence {
  readonly #storage: DurableObjectStorage;
  readonly #sql: SqlStorage;

  constructor(storage: DurableObjectStorage) {
    this.#storage = storage;
    this.#sql = storage.sql;
  }

  /** Takes a report of the files `userId` has open; false when it is older than the last. */
  take(userId: string, fileIds: readonly string[], sequence: number): boolean {
    const newer = this.#sql.exec(
      `INSERT INTO presence_reports (user_id, sequence) VALUES (?, ?)
         ON CONFLICT (user_id) DO UPDATE SET sequence = excluded.sequence
         WHERE excluded.sequence > presence_reports.sequence`,
      userId,
      sequence,
    ).rowsWritten;
    if (newer === 0) return false;
    this.#storage.transactionSync(() => {
      this.#sql.exec("DELETE FROM presence WHERE user_id = ?", userId);
      for (const fileId of new Set(fileIds)) {
        this.#sql.exec("INSERT INTO presence (user_id, file_id) VALUES (?, ?)", userId, fileId);
      }
    });
    return true;
  }

  /** The files `userId` has open. */
  filesOf(userId: string): string[] {
    return this.#sql
      .exec<{ file_id: string }>(
        "SELECT file_id FROM presence WHERE user_id = ? ORDER BY file_id",
        userId,
      )
      .toArray()
      .map((row) => row.file_id);
  }

  /** Forgets a member who left or was removed. */
  forget(userId: string): void {
    this.#sql.exec("DELETE FROM presence WHERE user_id = ?", userId);
  }

  /** File id → the members who have it open, by name. */
  byFile(): Record<string, PresentMember[]> {
    const rows = this.#sql
      .exec<{ file_id: string; user_id: string; name: string; color: string }>(
        `SELECT presence.file_id, members.user_id, members.name, members.color
         FROM presence JOIN members ON members.user_id = presence.user_id
         ORDER BY presence.file_id, members.name`,
      )
      .toArray();
    const byFile: Record<string, PresentMember[]> = {};
    for (const row of rows) {
      (byFile[row.file_id] ??= []).push({ userId: row.user_id, name: row.name, color: row.color });
    }
    return byFile;
  }
}
