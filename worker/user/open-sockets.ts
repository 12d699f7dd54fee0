import { MAX_SOCKETS_PER_PERSON } from "../../shared/limits.ts";
import type { DocumentReport } from "./open-documents.ts";

/** A socket the person must give up: which document holds it, and its id there. */
export interface SocketToClose {
  socketId: string;
  fileId: string;
}

/**
 * The person's document sockets across every document, one row each, as the
 * documents report them (issue 15.3: a cap per document alone let one person
 * hold 16 sockets on each of as many files as they could reach). Counted in
 * SQLite, so the count survives this object's eviction and every document's.
 */
export class OpenSockets {
  readonly #sql: SqlStorage;
  readonly #max: number;

  constructor(storage: DurableObjectStorage, max = MAX_SOCKETS_PER_PERSON) {
    this.#sql = storage.sql;
    this.#max = max;
  }

  /** Counts a new socket; true if the person now holds more than the cap. */
  opened(report: DocumentReport): boolean {
    if (!report.socketId) return false;
    this.#sql.exec(
      `INSERT INTO open_sockets (socket_id, session_hash, file_id, opened_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (socket_id) DO NOTHING`,
      report.socketId,
      report.sessionHash,
      report.fileId,
      report.openedAt ?? Date.now(),
    );
    return this.count() > this.#max;
  }

  /**
   * What to ask the documents before closing anything: each file with the
   * socket ids counted there, and a mark that `forgetAllBut` uses so that a
   * socket reported while they answer is not forgotten.
   */
  census(): { mark: number; files: Map<string, string[]> } {
    const files = new Map<string, string[]>();
    let mark = 0;
    for (const row of this.#sql.exec<{ seq: number; socket_id: string; file_id: string }>(
      "SELECT seq, socket_id, file_id FROM open_sockets",
    )) {
      files.set(row.file_id, [...(files.get(row.file_id) ?? []), row.socket_id]);
      mark = Math.max(mark, row.seq);
    }
    return { mark, files };
  }

  /**
   * Forgets the sockets counted in `fileId` up to `mark` that its document
   * no longer has open: their close was never reported (the document was
   * reset, or crashed), and they must not count against live tabs.
   */
  forgetAllBut(fileId: string, mark: number, open: readonly string[]): void {
    const keep = new Set(open);
    for (const row of this.#sql
      .exec<{ socket_id: string }>(
        "SELECT socket_id FROM open_sockets WHERE file_id = ? AND seq <= ?",
        fileId,
        mark,
      )
      .toArray()) {
      if (!keep.has(row.socket_id)) {
        this.#sql.exec("DELETE FROM open_sockets WHERE socket_id = ?", row.socket_id);
      }
    }
  }

  /**
   * The oldest sockets past the cap, already forgotten here: their documents
   * are to close them. Oldest by when their document accepted them, then by
   * when they were reported.
   */
  overCap(): SocketToClose[] {
    const excess = this.count() - this.#max;
    if (excess <= 0) return [];
    const oldest = this.#sql
      .exec<{ socket_id: string; file_id: string }>(
        "SELECT socket_id, file_id FROM open_sockets ORDER BY opened_at, seq LIMIT ?",
        excess,
      )
      .toArray();
    for (const row of oldest) {
      this.#sql.exec("DELETE FROM open_sockets WHERE socket_id = ?", row.socket_id);
    }
    return oldest.map((row) => ({ socketId: row.socket_id, fileId: row.file_id }));
  }

  /** A socket closed, whatever closed it: its slot is free. */
  closed(report: DocumentReport): void {
    if (report.socketId) {
      this.#sql.exec("DELETE FROM open_sockets WHERE socket_id = ?", report.socketId);
    }
  }

  /** The session signed out, and its documents closed its sockets. */
  forgetSession(sessionHash: string): void {
    this.#sql.exec("DELETE FROM open_sockets WHERE session_hash = ?", sessionHash);
  }

  count(): number {
    return this.#sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM open_sockets").one().n;
  }
}
