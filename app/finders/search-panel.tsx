import { Command } from "cmdk";
import { useEffect, useState } from "react";
import * as v from "valibot";
import { ftsQuery, SEARCH_LIMITS, SearchAnswer } from "../../shared/api/search.ts";
import { Dialog } from "../components/dialog.tsx";
import { requestReveal } from "../lib/reveal.ts";
import { navigate } from "../lib/router.ts";
import { filePagePath } from "../routes/match-route.ts";
import "./finder.css";

/** Props of `SearchPanel`. */
export interface SearchPanelProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  workspaceId: string;
}

/** How often an open search asks again. */
const SEARCH_REFRESH_MS = 2000;

/** The newest answer, for `query`: the files found, or what went wrong. */
type Found = { query: string; answer?: SearchAnswer; problem?: string };

/**
 * Ctrl+Shift+F: the words of every file of the workspace (issue 17 item 3).
 * Results come from the server's index as one types, best files first,
 * grouped by file, each line with its number and the words highlighted;
 * Enter opens the file with the match selected.
 */
export function SearchPanel({ open, onOpenChange, workspaceId }: SearchPanelProps) {
  const [typed, setTyped] = useState("");
  const [found, setFound] = useState<Found>({ query: "" });
  const query = ftsQuery(typed);
  // Asked again while the panel stays open: a word someone typed a moment ago
  // reaches the index within about 2 s (worker/document/search-report.ts), so
  // an answer of "Nothing found." given before then does not stay on screen
  // (e2e/finders.spec.ts searches right after a second person types).
  const [round, setRound] = useState(0);

  useEffect(() => {
    if (!open || !query) return;
    const controller = new AbortController();
    let again: ReturnType<typeof setTimeout> | undefined;
    // A pause in typing, then one request; a newer one cancels it.
    const timer = setTimeout(() => {
      search(workspaceId, query, controller.signal).then(
        (answer) => {
          setFound({ query, answer });
          again = setTimeout(() => setRound((n) => n + 1), SEARCH_REFRESH_MS);
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          setFound({ query, problem: error instanceof Error ? error.message : String(error) });
        },
      );
    }, 150);
    return () => {
      clearTimeout(timer);
      clearTimeout(again);
      controller.abort();
    };
  }, [query, open, workspaceId, round]);

  // The last answer stays on screen while the next one is on its way.
  const answer = query ? found.answer : undefined;
  const problem = query && found.query === query ? found.problem : undefined;
  const nothing = query && found.query === query && found.answer?.results.length === 0;
  return (
    <Dialog
      title="Search the workspace"
      hideTitle
      open={open}
      onOpenChange={onOpenChange}
      className="finder"
    >
      <Command label="Search the workspace" shouldFilter={false} loop>
        <Command.Input
          placeholder="Search every file…"
          aria-label="Search every file"
          value={typed}
          onValueChange={setTyped}
          maxLength={SEARCH_LIMITS.queryChars}
        />
        {problem && (
          <p className="finder__problem" role="alert">
            {problem}
          </p>
        )}
        {!query && (
          <p className="finder__note">
            Words, a “quoted phrase”, or word* for the words that start so.
          </p>
        )}
        {nothing && <output className="finder__note">Nothing found.</output>}
        <Command.List>
          {!problem &&
            answer?.results.map((file) => (
              <Command.Group key={file.fileId} heading={file.path}>
                {file.matches.map((match) => (
                  <Command.Item
                    key={`${file.fileId}:${match.line}`}
                    value={`${file.fileId}:${match.line}`}
                    onSelect={() => {
                      onOpenChange(false);
                      requestReveal({
                        fileId: file.fileId,
                        line: match.line,
                        from: match.from,
                        to: match.to,
                      });
                      navigate(filePagePath(workspaceId, file.projectId, file.fileId));
                    }}
                  >
                    <span className="finder__line">{match.line}</span>
                    <span className="finder__main finder__excerpt">
                      <Highlighted text={match.excerpt} ranges={match.ranges} />
                    </span>
                  </Command.Item>
                ))}
              </Command.Group>
            ))}
        </Command.List>
      </Command>
    </Dialog>
  );
}

/** `text` with `ranges` marked. */
function Highlighted({ text, ranges }: { text: string; ranges: readonly (readonly number[])[] }) {
  const parts: { text: string; marked: boolean }[] = [];
  let at = 0;
  for (const [from = 0, to = 0] of ranges) {
    if (from < at) continue;
    if (from > at) parts.push({ text: text.slice(at, from), marked: false });
    parts.push({ text: text.slice(from, to), marked: true });
    at = to;
  }
  if (at < text.length) parts.push({ text: text.slice(at), marked: false });
  return parts.map((part, index) =>
    // Parts of one excerpt never move: their index is their identity.
    part.marked ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>,
  );
}

async function search(
  workspaceId: string,
  query: string,
  signal: AbortSignal,
): Promise<SearchAnswer> {
  const response = await fetch(
    `/api/workspaces/${encodeURIComponent(workspaceId)}/search?q=${encodeURIComponent(query)}`,
    { signal, headers: { Accept: "application/json" } },
  );
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const message = (body as { error?: { message?: string } } | undefined)?.error?.message;
    throw new Error(message ?? `The search failed (${response.status}).`);
  }
  return v.parse(SearchAnswer, body);
}
