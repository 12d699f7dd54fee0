import type { SearchFile, SearchMatch } from "../../shared/api/search.ts";
import { SEARCH_LIMITS } from "../../shared/api/search.ts";
import { badRequest, ok, type Outcome } from "../lib/outcome.ts";
import type { Migration } from "../lib/migrations.ts";

/**
 * The project's full-text index (issue 17 item 3): SQLite FTS5, in the
 * project's own object, so the text stays in the workspace's jurisdiction.
 * Documents push their text here from their alarm, a moment after edits
 * (worker/document/search-report.ts), never on every keystroke; each push
 * carries a sequence number and an older one never overwrites a newer.
 *
 * Trash needs no work here: a search joins the files table and skips what
 * is in the trash, so a restore is findable at once. A purge (or a move to
 * another project) removes the row's text with `prune`.
 */
export const searchIndexMigration: Migration = {
  id: "0004-search-index",
  sql: `CREATE TABLE search_files (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          file_id TEXT NOT NULL UNIQUE,
          seq INTEGER NOT NULL,
          indexed_at INTEGER NOT NULL
        );
        -- rowid = search_files.id
        CREATE VIRTUAL TABLE search_text USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')`,
};

/** FTS5's words for its own operators, which are no search terms. */
const OPERATORS = new Set(["AND", "OR", "NOT", "NEAR"]);

export class SearchIndex {
  readonly #sql: SqlStorage;

  constructor(storage: DurableObjectStorage) {
    this.#sql = storage.sql;
  }

  /**
   * Stores a file's text as of `seq`. A file this project does not have (a
   * report that arrives after a purge or a move) is not stored; nor is a
   * report older than the one stored. Returns whether the text was stored.
   */
  put(fileId: string, seq: number, text: string, now = Date.now()): boolean {
    const known = this.#sql.exec("SELECT 1 FROM files WHERE id = ?", fileId).toArray().length > 0;
    if (!known) return false;
    const row = this.#sql
      .exec<{ id: number; seq: number }>(
        "SELECT id, seq FROM search_files WHERE file_id = ?",
        fileId,
      )
      .toArray()[0];
    if (row && row.seq >= seq) return false;
    let id = row?.id;
    if (id === undefined) {
      id = this.#sql
        .exec<{ id: number }>(
          "INSERT INTO search_files (file_id, seq, indexed_at) VALUES (?, ?, ?) RETURNING id",
          fileId,
          seq,
          now,
        )
        .one().id;
    } else {
      this.#sql.exec("UPDATE search_files SET seq = ?, indexed_at = ? WHERE id = ?", seq, now, id);
      this.#sql.exec("DELETE FROM search_text WHERE rowid = ?", id);
    }
    this.#sql.exec("INSERT INTO search_text (rowid, body) VALUES (?, ?)", id, text);
    return true;
  }

  /** Forgets the text of every file this project no longer has (purged, or moved away). */
  prune(): number {
    const gone = this.#sql
      .exec<{ id: number }>(
        "SELECT id FROM search_files WHERE file_id NOT IN (SELECT id FROM files)",
      )
      .toArray();
    for (const { id } of gone) {
      this.#sql.exec("DELETE FROM search_text WHERE rowid = ?", id);
      this.#sql.exec("DELETE FROM search_files WHERE id = ?", id);
    }
    return gone.length;
  }

  /** How many files are indexed and how many bytes the index takes (for BENCHMARKS.md). */
  stats(): { files: number; bytes: number } {
    const files = this.#sql.exec<{ n: number }>("SELECT count(*) AS n FROM search_files").one().n;
    const bytes = this.#sql
      .exec<{ n: number }>(
        `SELECT (SELECT coalesce(sum(length(block)), 0) FROM search_text_data)
              + (SELECT coalesce(sum(length(c0)), 0) FROM search_text_content) AS n`,
      )
      .one().n;
    return { files, bytes };
  }

  /**
   * The active files whose text matches `query` (FTS5 syntax), best first
   * (bm25), each with its matching lines. A query FTS5 cannot parse is a
   * 400 that says so.
   */
  search(query: string, limit: number = SEARCH_LIMITS.files): Outcome<SearchFile[]> {
    let rows: { file_id: string; path: string; rank: number; body: string }[];
    try {
      rows = this.#sql
        .exec<{ file_id: string; path: string; rank: number; body: string }>(
          `SELECT f.file_id, files.path, bm25(search_text) AS rank, search_text.body
             FROM search_text
             JOIN search_files f ON f.id = search_text.rowid
             JOIN files ON files.id = f.file_id AND files.trashed_at IS NULL
            WHERE search_text MATCH ?
            ORDER BY rank
            LIMIT ?`,
          query,
          limit,
        )
        .toArray();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/fts5|syntax|unterminated|no such column|unknown special query/i.test(message)) {
        return badRequest(
          `The search “${query}” could not be read (${message.replace(/^.*?:\s*/, "")}). ` +
            "Put words in double quotes to search for them as they are.",
        );
      }
      throw error;
    }
    const terms = searchTerms(query);
    return ok(
      rows.map((row) => ({
        fileId: row.file_id,
        path: row.path,
        score: -row.rank,
        matches: matchingLines(row.body, terms),
      })),
    );
  }
}

/** The words of a query, lower-cased, each with whether it is a prefix (`word*`). */
export function searchTerms(query: string): { word: string; prefix: boolean }[] {
  const terms: { word: string; prefix: boolean }[] = [];
  for (const match of query.matchAll(/([\p{L}\p{N}_]+)(\*?)/gu)) {
    const word = match[1] ?? "";
    if (OPERATORS.has(word)) continue;
    terms.push({ word: fold(word), prefix: match[2] === "*" });
  }
  return terms;
}

/** Lower case without diacritics, as the index's tokenizer compares. */
function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/**
 * The lines of `body` that hold a term, first ones first (at most
 * `SEARCH_LIMITS.linesPerFile`), each cut to an excerpt around its first
 * match, with the ranges to highlight in the excerpt and the first match's
 * place in the line (where the app puts the selection).
 */
export function matchingLines(
  body: string,
  terms: readonly { word: string; prefix: boolean }[],
): SearchMatch[] {
  const matches: SearchMatch[] = [];
  if (terms.length === 0) return matches;
  const lines = body.split("\n");
  for (
    let index = 0;
    index < lines.length && matches.length < SEARCH_LIMITS.linesPerFile;
    index += 1
  ) {
    const line = lines[index] ?? "";
    const ranges = termRanges(line, terms);
    const first = ranges[0];
    if (!first) continue;
    const start = Math.max(0, first[0] - 60);
    const end = Math.min(line.length, start + SEARCH_LIMITS.excerptChars);
    matches.push({
      line: index + 1,
      from: first[0],
      to: first[1],
      excerpt: line.slice(start, end),
      excerptOffset: start,
      ranges: ranges
        .filter(([from, to]) => from >= start && to <= end)
        .map(([from, to]) => [from - start, to - start]),
    });
  }
  return matches;
}

/** Where each term starts a word of `line` (whole words unless a prefix), in UTF-16 offsets of `line`. */
function termRanges(
  line: string,
  terms: readonly { word: string; prefix: boolean }[],
): [number, number][] {
  // Folding can change a character's length; `at` maps folded offsets back.
  let folded = "";
  const at: number[] = [];
  for (let offset = 0; offset < line.length;) {
    const char = String.fromCodePoint(line.codePointAt(offset) ?? 0);
    const part = fold(char);
    for (let n = 0; n < part.length; n += 1) at.push(offset);
    folded += part;
    offset += char.length;
  }
  at.push(line.length);
  const ranges: [number, number][] = [];
  for (const term of terms) {
    if (!term.word) continue;
    let from = folded.indexOf(term.word);
    while (from !== -1) {
      const to = from + term.word.length;
      const startsWord = from === 0 || !/[\p{L}\p{N}_]/u.test(folded[from - 1] ?? "");
      const endsWord =
        term.prefix || to >= folded.length || !/[\p{L}\p{N}_]/u.test(folded[to] ?? "");
      if (startsWord && endsWord) {
        let end = to;
        if (term.prefix)
          while (end < folded.length && /[\p{L}\p{N}_]/u.test(folded[end] ?? "")) end += 1;
        ranges.push([at[from] ?? 0, at[end] ?? line.length]);
      }
      from = folded.indexOf(term.word, to);
    }
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}
