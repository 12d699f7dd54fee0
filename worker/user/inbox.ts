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
  add(item: { text: string; workspaceId: string }): InboxItem {
    const at = Date.now();
    const { id } = this.#sql
      .exec<{ id: number }>(
        "INSERT INTO inbox (text, workspace_id, at) VALUES (?, ?, ?) RETURNING id",
        item.text,
        item.workspaceId,
        at,
      )
      .one();
    this.#sql.exec("DELETE FROM inbox WHERE id <= (SELECT MAX(id) FROM inbox) - ?", INBOX_SIZE);
    return { id, text: item.text, workspaceId: item.workspaceId, at };
  }

  /** The newest notifications first. */
  list(): InboxItem[] {
    return this.#sql
      .exec<{ id: number; text: string; workspace_id: string; at: number }>(
        "SELECT id, text, workspace_id, at FROM inbox ORDER BY id DESC",
      )
      .toArray()
      .map((row) => ({ id: row.id, text: row.text, workspaceId: row.workspace_id, at: row.at }));
  }
}
