import * as v from "valibot";

/**
 * Workspace search (issue 17 item 3): `GET /api/workspaces/:ws/search?q=`,
 * answered from the FTS5 index in each project's object
 * (worker/project/search-index.ts).
 */

/** The search's limits; README's Security section lists them. */
export const SEARCH_LIMITS = {
  /** Longest query, in characters. */
  queryChars: 200,
  /** Files per project, and in the whole answer. */
  files: 20,
  /** Matching lines listed per file. */
  linesPerFile: 5,
  /** Characters of a line shown around its first match. */
  excerptChars: 200,
} as const;

/** One matching line: 1-based line, the first match's offsets in the line, and an excerpt to show. */
export const SearchMatch = v.object({
  line: v.number(),
  from: v.number(),
  to: v.number(),
  excerpt: v.string(),
  /** Where the excerpt starts in the line. */
  excerptOffset: v.number(),
  /** What to highlight, in the excerpt's offsets. */
  ranges: v.array(v.array(v.number())),
});
export type SearchMatch = v.InferOutput<typeof SearchMatch>;

/** One file that matches, as a project's index finds it. */
export const SearchFile = v.object({
  fileId: v.string(),
  path: v.string(),
  /** Higher is better (FTS5's bm25, negated). */
  score: v.number(),
  matches: v.array(SearchMatch),
});
export type SearchFile = v.InferOutput<typeof SearchFile>;

/** The answer: the best files of every project, best first. */
export const SearchAnswer = v.object({
  query: v.string(),
  results: v.array(
    v.object({ ...SearchFile.entries, projectId: v.string(), projectName: v.string() }),
  ),
});
export type SearchAnswer = v.InferOutput<typeof SearchAnswer>;

/**
 * What a person types, as an FTS5 query: plain words are each quoted (so
 * `e-mail` or `C++` is no syntax error) and the last is a prefix, so results
 * come as one types. A query that already uses FTS5's syntax (quotes,
 * parentheses, `*`, `^`, AND / OR / NOT / NEAR) is sent as written.
 */
export function ftsQuery(typed: string): string {
  const trimmed = typed.trim();
  if (/["()*^:]|\b(AND|OR|NOT|NEAR)\b/.test(trimmed)) return trimmed;
  const words = trimmed.split(/\s+/).filter(Boolean);
  return words.map((word, index) => `"${word}"${index === words.length - 1 ? "*" : ""}`).join(" ");
}
