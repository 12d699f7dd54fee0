import * as v from "valibot";
import { contract } from "../../shared/api/contract.ts";
import { ErrorCode } from "../../shared/errors.ts";
import { ID_SOURCE, newId } from "../../shared/ids.ts";
import { requireUser } from "../lib/auth.ts";
import { withGrant } from "../lib/grant.ts";
import { HttpError } from "../lib/http.ts";
import { takeCreation } from "../lib/limits.ts";
import { unwrap } from "../lib/outcome.ts";
import { objectFor } from "../lib/placement.ts";
import { socketHandler } from "../lib/websocket-upgrade.ts";
import { type Route, type RouteContext, route } from "../router.ts";
import { enter, idParam } from "./access.ts";

/**
 * Workspaces: create, list, read, rename, trash and restore; the live tree
 * socket; and the trash, whose entries belong to the workspace (projects)
 * or to a project (folders and files).
 */

/** A project's or file's id, or a folder's trash id ("<projectId>.<n>"). */
const TrashParam = v.pipe(v.string(), v.regex(new RegExp(`^${ID_SOURCE}(\\.\\d+)?$`)));

function trashParam(route: RouteContext): string {
  const result = v.safeParse(TrashParam, route.params.trashId);
  if (!result.success) throw new HttpError(404, ErrorCode.notFound, "That is not in the trash.");
  return result.output;
}

export const workspaceRoutes: Route[] = [
  route(contract.createWorkspace, async ({ request, env, body }) => {
    const user = await requireUser(request, env);
    const { name, jurisdiction } = await body();
    await takeCreation(env, "workspace", { userId: user.id, request });
    const workspaceId = newId(jurisdiction);
    return unwrap(await objectFor(env.WORKSPACES, workspaceId).create(workspaceId, name, user));
  }),
  route(contract.listWorkspaces, async ({ request, env }) => {
    const user = await requireUser(request, env);
    const users = env.USERS.get(env.USERS.idFromName(user.id));
    return { workspaces: await users.listWorkspaces() };
  }),
  route(contract.workspace, async (route) => {
    const { caller, workspace } = await enter(route);
    return unwrap(await workspace.details(caller));
  }),
  route(contract.renameWorkspace, async (route) => {
    const { caller, workspace } = await enter(route, { write: true });
    const { name } = await route.body();
    return unwrap(await workspace.rename(caller, name));
  }),
  route(contract.trashWorkspace, async (route) => {
    const user = await requireUser(route.request, route.env);
    const workspace = objectFor(route.env.WORKSPACES, idParam(route, "ws"));
    unwrap(await workspace.trash({ userId: user.id }));
  }),
  route(contract.restoreWorkspace, async (route) => {
    const user = await requireUser(route.request, route.env);
    const workspace = objectFor(route.env.WORKSPACES, idParam(route, "ws"));
    return unwrap(await workspace.restore({ userId: user.id }));
  }),
  route(
    contract.workspaceLive,
    socketHandler(async (route) => {
      const { session, workspace, workspaceId, role } = await enter(route);
      const access = { workspaceId, role };
      const grant = { user: session.user, sessionHash: session.tokenHash, access };
      return workspace.fetch(withGrant(route.request, grant));
    }),
  ),
  route(contract.trash, async (route) => {
    const { caller, workspace } = await enter(route);
    return { trash: unwrap(await workspace.details(caller)).trash };
  }),
  route(contract.restoreFromTrash, async (route) => {
    const { caller, workspace } = await enter(route, { write: true });
    const trashId = trashParam(route);
    const location = unwrap(await workspace.locateTrash(caller, trashId));
    if (location.kind === "project") unwrap(await workspace.restoreProject(caller, trashId));
    else unwrap(await objectFor(route.env.PROJECTS, location.projectId).restore(trashId));
  }),
  route(contract.deleteFromTrash, async (route) => {
    const { caller, workspace } = await enter(route, { write: true });
    const trashId = trashParam(route);
    const location = unwrap(await workspace.locateTrash(caller, trashId));
    if (location.kind === "project") unwrap(await workspace.purgeProject(caller, trashId));
    else unwrap(await objectFor(route.env.PROJECTS, location.projectId).purge(trashId));
  }),
];
