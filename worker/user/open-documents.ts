/** A document's report that one of the person's sessions opened or closed it. */
export interface DocumentReport {
  sessionHash: string;
  workspaceId: string;
  fileId: string;
  /** The socket's id and when its document accepted it (absent on sockets from before issue 15.3). */
  socketId?: string;
  openedAt?: number;
}

/**
 * Which files each of the person's sessions has open, as the documents
 * report it (one row per session and file, counting that session's sockets
 * there), so presence and sign-out survive eviction.
 */
export class OpenDocuments {
  readonly #sql: SqlStorage;

  constructor(storage: DurableObjectStorage) {
    this.#sql = storage.sql;
  }

  opened(report: DocumentReport): void {
    this.#sql.exec(
      `INSERT INTO open_documents (session_hash, file_id, workspace_id, sockets) VALUES (?, ?, ?, 1)
       ON CONFLICT (session_hash, file_id) DO UPDATE SET sockets = sockets + 1`,
      report.sessionHash,
      report.fileId,
      report.workspaceId,
    );
  }

  closed(report: DocumentReport): void {
    this.#sql.exec(
      "UPDATE open_documents SET sockets = sockets - 1 WHERE session_hash = ? AND file_id = ?",
      report.sessionHash,
      report.fileId,
    );
    this.#sql.exec("DELETE FROM open_documents WHERE sockets <= 0");
  }

  /** Every file open in any session, once each. */
  files(): { workspaceId: string; fileId: string }[] {
    return this.#sql
      .exec<{ workspace_id: string; file_id: string }>(
        "SELECT DISTINCT workspace_id, file_id FROM open_documents ORDER BY workspace_id, file_id",
      )
      .toArray()
      .map((row) => ({ workspaceId: row.workspace_id, fileId: row.file_id }));
  }

  /** The files one session has open. */
  ofSession(sessionHash: string): { workspaceId: string; fileId: string }[] {
    return this.#sql
      .exec<{ file_id: string; workspace_id: string }>(
        "SELECT file_id, workspace_id FROM open_documents WHERE session_hash = ?",
        sessionHash,
      )
      .toArray()
      .map((row) => ({ workspaceId: row.workspace_id, fileId: row.file_id }));
  }

  forgetSession(sessionHash: string): void {
    this.#sql.exec("DELETE FROM open_documents WHERE session_hash = ?", sessionHash);
  }
}
