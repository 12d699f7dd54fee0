import type { InboxItem } from "../../shared/api/members.ts";

/** How many notifications a person's inbox keeps; older ones are dropped. */
export const INBOX_SIZE = 100;

/** The person's notifications ("Ada shared workspace Team with you"), the newest `INBOX_SIZE`. */
export class Inbox {
  readonly #sql: SqlStorage;

  constructor(storage: DurableObjectStorage) {
    this.#sql = storage.sql;
  }

  /** Stores a notification and answers it as the tabs show it; the oldest beyond the size go. */
  add(item: { text: string; workspaceId: string; link?: string }): InboxItem {
    const at = Date.now();
    const { id } = this.#sql
      .exec<{ id: number }>(
        "INSERT INTO inbox (text, workspace_id, at, link) VALUES (?, ?, ?, ?) RETURNING id",
        item.text,
        item.workspaceId,
        at,
        item.link ?? null,
      )
      .one();
    this.#sql.exec("DELETE FROM inbox WHERE id <= (SELECT MAX(id) FROM inbox) - ?", INBOX_SIZE);
    return { id, text: item.text, workspaceId: item.workspaceId, at, link: item.link, read: false };
  }

  /** Marks notices read: those of `ids`, or all. */
  markRead(ids?: readonly number[]): void {
    if (ids === undefined) {
      this.#sql.exec("UPDATE inbox SET read = 1 WHERE read = 0");
      return;
    }
    for (const id of ids) this.#sql.exec("UPDATE inbox SET read = 1 WHERE id = ?", id);
  }

  /** The newest notifications first. */
  list(): InboxItem[] {
    return this.#sql
      .exec<{
        id: number;
        text: string;
        workspace_id: string;
        at: number;
        link: string | null;
        read: number;
      }>("SELECT id, text, workspace_id, at, link, read FROM inbox ORDER BY id DESC")
      .toArray()
      .map((row) => ({
        id: row.id,
        text: row.text,
        workspaceId: row.workspace_id,
        at: row.at,
        link: row.link ?? undefined,
        read: row.read === 1,
      }));
  }
}
