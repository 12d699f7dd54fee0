import { contract } from "../../shared/api/contract.ts";
import { SEARCH_LIMITS, type SearchAnswer } from "../../shared/api/search.ts";
import { ErrorCode } from "../../shared/errors.ts";
import { HttpError } from "../lib/http.ts";
import { unwrap } from "../lib/outcome.ts";
import { objectFor } from "../lib/placement.ts";
import { type Route, type RouteContext, route } from "../router.ts";
import { enter } from "./access.ts";

/**
 * Workspace search (issue 17 item 3): members only; the query (FTS5 syntax,
 * at most `SEARCH_LIMITS.queryChars`) goes to every active project's index
 * at once, and their best files are merged, best first. Files in the trash
 * are never found (the index skips them, worker/project/search-index.ts).
 */
export const searchRoutes: Route[] = [
  route(contract.search, async (route) => {
    const { caller, workspace } = await enter(route);
    const query = searchQuery(route);
    const { projects } = unwrap(await workspace.details(caller));
    const found = await Promise.all(
      projects.map(async (project) => {
        const files = unwrap(await objectFor(route.env.PROJECTS, project.id).search(query));
        return files.map((file) => ({ ...file, projectId: project.id, projectName: project.name }));
      }),
    );
    const results = found
      .flat()
      .toSorted((a, b) => b.score - a.score)
      .slice(0, SEARCH_LIMITS.files);
    return { query, results } satisfies SearchAnswer;
  }),
];

/** The `q` parameter, or a 400 that says what is wrong with it. */
function searchQuery(route: RouteContext): string {
  const query = (route.url.searchParams.get("q") ?? "").trim();
  if (!query) {
    throw new HttpError(400, ErrorCode.badRequest, "Say what to search for: ?q=words.");
  }
  if (query.length > SEARCH_LIMITS.queryChars) {
    throw new HttpError(
      400,
      ErrorCode.badRequest,
      `A search is at most ${SEARCH_LIMITS.queryChars} characters; this one has ${query.length}.`,
    );
  }
  return query;
}
