import { ErrorCode } from "../../shared/errors.ts";
import { isId } from "../../shared/ids.ts";
import { canWrite } from "../../shared/roles.ts";
import { requireSession, requireUser } from "../lib/auth.ts";
import { HttpError } from "../lib/http.ts";
import { unwrap } from "../lib/outcome.ts";
import { objectFor } from "../lib/placement.ts";
import type { Caller } from "../objects/workspace.ts";
import type { RouteContext } from "../router.ts";

/**
 * How a handler under `/api/workspaces/:ws` lets a caller in: it checks the
 * session, then asks the workspace for the caller's role (one call; it also
 * proves the project or file belongs to that workspace), then names the
 * object the path points at (`objectFor`, which also places it in its
 * jurisdiction).
 */

/** A path parameter that must be an id; anything else is a 404 (it names nothing). */
export function idParam(route: RouteContext, name: string): string {
  const value = route.params[name] ?? "";
  if (!isId(value)) throw new HttpError(404, ErrorCode.notFound, `There is no such ${name}.`);
  return value;
}

/** Signs the caller in, checks their role in `:ws` (and `:project`), and names the objects. */
export async function enter(
  route: RouteContext,
  options: { project?: boolean; write?: boolean } = {},
) {
  const session = await requireSession(route.request, route.env);
  const { user } = session;
  const caller: Caller = { userId: user.id };
  const workspaceId = idParam(route, "ws");
  const projectId = options.project ? idParam(route, "project") : undefined;
  const workspace = objectFor(route.env.WORKSPACES, workspaceId);
  const role = unwrap(await workspace.access(caller, projectId));
  if (options.write && !canWrite(role)) {
    throw new HttpError(
      403,
      ErrorCode.forbidden,
      "Viewers and commenters cannot change this workspace.",
    );
  }
  return { session, user, caller, role, workspaceId, workspace, projectId: projectId ?? "" };
}

/** Signs in, checks the file is an active file of the workspace, and names its document. */
export async function enterFile(route: RouteContext) {
  const user = await requireUser(route.request, route.env);
  const workspace = objectFor(route.env.WORKSPACES, idParam(route, "ws"));
  const projectId = idParam(route, "project");
  const fileId = idParam(route, "file");
  const role = unwrap(await workspace.fileAccess({ userId: user.id }, projectId, fileId));
  const document = objectFor(route.env.DOCUMENTS, fileId);
  return { document, caller: { id: user.id, name: user.name, role }, where: { projectId, fileId } };
}
