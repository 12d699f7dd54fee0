import * as v from "valibot";
import {
  type FileDetails,
  type FileEntry,
  NameBody,
  NewWorkspaceBody,
  PathBody,
  type WorkspaceSummary,
} from "../../shared/api/tree.ts";
import { DEFAULT_LOCK_SECONDS, LockBody } from "../../shared/api/lock.ts";
import { ErrorCode } from "../../shared/errors.ts";
import { ID_SOURCE, isId, newId } from "../../shared/ids.ts";
import { requireSession, requireUser } from "../lib/auth.ts";
import { objectFor } from "../lib/placement.ts";
import { HttpError, readJsonBody } from "../lib/http.ts";
import { takeCreation } from "../lib/limits.ts";
import { unwrap } from "../lib/outcome.ts";
import type { Caller } from "../objects/workspace.ts";
import type { Route, RouteContext } from "../router.ts";
import { socketHandler } from "./sync.ts";

/**
 * The workspace → project → file API. Each handler checks the session, then
 * asks the workspace for the caller's role (one call; it also proves the
 * project or file belongs to that workspace), then goes straight to the
 * object the path names (`objectFor`, which also places it in its jurisdiction).
 */

/** A path parameter that must be an id; anything else is a 404 (it names nothing). */
export function idParam(route: RouteContext, name: string): string {
  const value = route.params[name] ?? "";
  if (!isId(value)) throw new HttpError(404, ErrorCode.notFound, `There is no such ${name}.`);
  return value;
}

/** The `ws://` or `wss://` URL of a file's socket, split by y-websocket at the last "/". */
export function syncUrl(requestUrl: URL, workspaceId: string, projectId: string, fileId: string) {
  const protocol = requestUrl.protocol === "https:" ? "wss:" : "ws:";
  return `${protocol}//${requestUrl.host}/api/workspaces/${workspaceId}/projects/${projectId}/sync/${fileId}`;
}

/** Signs the caller in, checks their role in `:ws` (and `:project`), and names the objects. */
export async function enter(
  route: RouteContext,
  options: { project?: boolean; write?: boolean } = {},
) {
  const user = await requireUser(route.request, route.env);
  const caller: Caller = { userId: user.id };
  const workspaceId = idParam(route, "ws");
  const projectId = options.project ? idParam(route, "project") : undefined;
  const workspace = objectFor(route.env.WORKSPACES, workspaceId);
  const role = unwrap(await workspace.access(caller, projectId));
  if (options.write && role === "viewer") {
    throw new HttpError(403, ErrorCode.forbidden, "Viewers cannot change this workspace.");
  }
  return { user, caller, role, workspaceId, workspace, projectId: projectId ?? "" };
}

/** Signs in, checks the file is an active file of the workspace, and names its document. */
export async function enterFile(route: RouteContext) {
  const user = await requireUser(route.request, route.env);
  const workspace = objectFor(route.env.WORKSPACES, idParam(route, "ws"));
  const projectId = idParam(route, "project");
  const fileId = idParam(route, "file");
  const role = unwrap(await workspace.fileAccess({ userId: user.id }, projectId, fileId));
  const document = objectFor(route.env.DOCUMENTS, fileId);
  return { document, caller: { id: user.id, name: user.name, role } };
}

/** A file as the API returns it: with its workspace and the URL of its socket. */
function fileDetails(route: RouteContext, workspaceId: string, file: FileEntry): FileDetails {
  return {
    ...file,
    workspaceId,
    syncUrl: syncUrl(route.url, workspaceId, file.projectId, file.id),
  };
}

/**
 * A document socket's query: `acks=1` asks for saved acknowledgements. Other
 * parameters are ignored (y-websocket clients may add their own).
 */
const SyncQuery = v.looseObject({ acks: v.optional(v.picklist(["0", "1"])) });

/** A project's or file's id, or a folder's trash id ("<projectId>.<n>"). */
const TrashParam = v.pipe(v.string(), v.regex(new RegExp(`^${ID_SOURCE}(\\.\\d+)?$`)));

export const workspaceRoutes: Route[] = [
  {
    method: "POST",
    path: "/api/workspaces",
    async handler({ request, env }) {
      const user = await requireUser(request, env);
      const { name, jurisdiction } = await readJsonBody(request, NewWorkspaceBody);
      await takeCreation(env, "workspace", { userId: user.id, request });
      const workspaceId = newId(jurisdiction);
      const created = unwrap(
        await objectFor(env.WORKSPACES, workspaceId).create(workspaceId, name, user),
      );
      return Response.json(created, { status: 201 });
    },
  },
  {
    method: "GET",
    path: "/api/workspaces",
    async handler({ request, env }) {
      const user = await requireUser(request, env);
      const users = env.USERS.get(env.USERS.idFromName(user.id));
      const workspaces: WorkspaceSummary[] = await users.listWorkspaces();
      return Response.json({ workspaces });
    },
  },
  {
    method: "GET",
    path: "/api/workspaces/:ws",
    async handler(route) {
      const { caller, workspace } = await enter(route);
      return Response.json(unwrap(await workspace.details(caller)));
    },
  },
  {
    method: "PATCH",
    path: "/api/workspaces/:ws",
    async handler(route) {
      const { caller, workspace } = await enter(route, { write: true });
      const { name } = await readJsonBody(route.request, NameBody);
      await takeCreation(route.env, "project", { userId: caller.userId, request: route.request });
      const renamed = unwrap(await workspace.rename(caller, name));
      return Response.json(renamed);
    },
  },
  {
    method: "DELETE",
    path: "/api/workspaces/:ws",
    async handler(route) {
      const user = await requireUser(route.request, route.env);
      const workspace = objectFor(route.env.WORKSPACES, idParam(route, "ws"));
      unwrap(await workspace.trash({ userId: user.id }));
      return new Response(null, { status: 204 });
    },
  },
  {
    method: "POST",
    path: "/api/workspaces/:ws/restore",
    async handler(route) {
      const user = await requireUser(route.request, route.env);
      const workspace = objectFor(route.env.WORKSPACES, idParam(route, "ws"));
      return Response.json(unwrap(await workspace.restore({ userId: user.id })));
    },
  },
  {
    method: "GET",
    path: "/api/workspaces/:ws/live",
    handler: socketHandler(async (route) => {
      const { user, workspace } = await enter(route);
      const request = new Request(route.request);
      request.headers.set("X-Quire-User", user.id);
      return workspace.fetch(request);
    }),
  },
  {
    method: "POST",
    path: "/api/workspaces/:ws/projects",
    async handler(route) {
      const { caller, workspace } = await enter(route, { write: true });
      const { name } = await readJsonBody(route.request, NameBody);
      return Response.json(unwrap(await workspace.createProject(caller, name)), { status: 201 });
    },
  },
  {
    method: "GET",
    path: "/api/workspaces/:ws/projects/:project",
    async handler(route) {
      const { caller, workspace, projectId } = await enter(route, { project: true });
      return Response.json(unwrap(await workspace.project(caller, projectId)));
    },
  },
  {
    method: "PATCH",
    path: "/api/workspaces/:ws/projects/:project",
    async handler(route) {
      const { caller, workspace, projectId } = await enter(route, { project: true, write: true });
      const { name } = await readJsonBody(route.request, NameBody);
      return Response.json(unwrap(await workspace.renameProject(caller, projectId, name)));
    },
  },
  {
    method: "DELETE",
    path: "/api/workspaces/:ws/projects/:project",
    async handler(route) {
      const { caller, workspace, projectId } = await enter(route, { project: true, write: true });
      unwrap(await workspace.trashProject(caller, projectId));
      return new Response(null, { status: 204 });
    },
  },
  {
    method: "POST",
    path: "/api/workspaces/:ws/projects/:project/restore",
    async handler(route) {
      const { caller, workspace } = await enter(route, { write: true });
      const projectId = idParam(route, "project");
      return Response.json(unwrap(await workspace.restoreProject(caller, projectId)));
    },
  },
  {
    method: "POST",
    path: "/api/workspaces/:ws/projects/:project/folders",
    async handler(route) {
      const { projectId, user } = await enter(route, { project: true, write: true });
      const { path } = await readJsonBody(route.request, PathBody);
      await takeCreation(route.env, "file", { userId: user.id, request: route.request });
      const folder = unwrap(await objectFor(route.env.PROJECTS, projectId).createFolder(path));
      return Response.json(folder, { status: 201 });
    },
  },
  {
    method: "PATCH",
    path: "/api/workspaces/:ws/projects/:project/folders/:path+",
    async handler(route) {
      const { projectId } = await enter(route, { project: true, write: true });
      const from = folderParam(route);
      const { path } = await readJsonBody(route.request, PathBody);
      return Response.json(
        unwrap(await objectFor(route.env.PROJECTS, projectId).moveFolder(from, path)),
      );
    },
  },
  {
    method: "DELETE",
    path: "/api/workspaces/:ws/projects/:project/folders/:path+",
    async handler(route) {
      const { projectId } = await enter(route, { project: true, write: true });
      unwrap(await objectFor(route.env.PROJECTS, projectId).trashFolder(folderParam(route)));
      return new Response(null, { status: 204 });
    },
  },
  {
    method: "POST",
    path: "/api/workspaces/:ws/projects/:project/files",
    async handler(route) {
      const { projectId, workspaceId, user } = await enter(route, { project: true, write: true });
      const { path } = await readJsonBody(route.request, PathBody);
      await takeCreation(route.env, "file", { userId: user.id, request: route.request });
      const file = unwrap(await objectFor(route.env.PROJECTS, projectId).createFile(path));
      return Response.json(fileDetails(route, workspaceId, file), { status: 201 });
    },
  },
  {
    method: "GET",
    path: "/api/workspaces/:ws/projects/:project/files/:file",
    async handler(route) {
      const { projectId, workspaceId } = await enter(route, { project: true });
      const file = unwrap(
        await objectFor(route.env.PROJECTS, projectId).file(idParam(route, "file")),
      );
      return Response.json(fileDetails(route, workspaceId, file));
    },
  },
  {
    method: "PATCH",
    path: "/api/workspaces/:ws/projects/:project/files/:file",
    async handler(route) {
      const { projectId, workspaceId } = await enter(route, { project: true, write: true });
      const { path } = await readJsonBody(route.request, PathBody);
      const project = objectFor(route.env.PROJECTS, projectId);
      const file = unwrap(await project.moveFile(idParam(route, "file"), path));
      return Response.json(fileDetails(route, workspaceId, file));
    },
  },
  {
    method: "DELETE",
    path: "/api/workspaces/:ws/projects/:project/files/:file",
    async handler(route) {
      const { projectId } = await enter(route, { project: true, write: true });
      unwrap(await objectFor(route.env.PROJECTS, projectId).trashFile(idParam(route, "file")));
      return new Response(null, { status: 204 });
    },
  },
  {
    method: "POST",
    path: "/api/workspaces/:ws/projects/:project/files/:file/restore",
    async handler(route) {
      const { projectId, workspaceId } = await enter(route, { project: true, write: true });
      const fileId = idParam(route, "file");
      const project = objectFor(route.env.PROJECTS, projectId);
      unwrap(await project.restore(fileId));
      const file = unwrap(await project.file(fileId));
      return Response.json(fileDetails(route, workspaceId, file));
    },
  },
  {
    method: "GET",
    path: "/api/workspaces/:ws/projects/:project/files/:file/lock",
    async handler(route) {
      const { document } = await enterFile(route);
      return Response.json({ lock: await document.lockState() });
    },
  },
  {
    method: "POST",
    path: "/api/workspaces/:ws/projects/:project/files/:file/lock",
    async handler(route) {
      const { document, caller } = await enterFile(route);
      const { leaseSeconds = DEFAULT_LOCK_SECONDS } = await readJsonBody(route.request, LockBody);
      return Response.json({ lock: unwrap(await document.lock(caller, leaseSeconds * 1000)) });
    },
  },
  {
    method: "PATCH",
    path: "/api/workspaces/:ws/projects/:project/files/:file/lock",
    async handler(route) {
      const { document, caller } = await enterFile(route);
      const { leaseSeconds = DEFAULT_LOCK_SECONDS } = await readJsonBody(route.request, LockBody);
      const renewed = await document.lock(caller, leaseSeconds * 1000, { renewOnly: true });
      return Response.json({ lock: unwrap(renewed) });
    },
  },
  {
    method: "DELETE",
    path: "/api/workspaces/:ws/projects/:project/files/:file/lock",
    async handler(route) {
      const { document, caller } = await enterFile(route);
      unwrap(await document.unlock(caller));
      return new Response(null, { status: 204 });
    },
  },
  {
    method: "GET",
    path: "/api/workspaces/:ws/projects/:project/files/:file/storage",
    async handler(route) {
      const { document } = await enterFile(route);
      return Response.json(await document.storageStats());
    },
  },
  {
    method: "GET",
    path: "/api/workspaces/:ws/trash",
    async handler(route) {
      const { caller, workspace } = await enter(route);
      return Response.json({ trash: unwrap(await workspace.details(caller)).trash });
    },
  },
  {
    method: "POST",
    path: "/api/workspaces/:ws/trash/:trashId/restore",
    async handler(route) {
      const { caller, workspace } = await enter(route, { write: true });
      const trashId = trashParam(route);
      const location = unwrap(await workspace.locateTrash(caller, trashId));
      if (location.kind === "project") unwrap(await workspace.restoreProject(caller, trashId));
      else unwrap(await objectFor(route.env.PROJECTS, location.projectId).restore(trashId));
      return new Response(null, { status: 204 });
    },
  },
  {
    method: "DELETE",
    path: "/api/workspaces/:ws/trash/:trashId",
    async handler(route) {
      const { caller, workspace } = await enter(route, { write: true });
      const trashId = trashParam(route);
      const location = unwrap(await workspace.locateTrash(caller, trashId));
      if (location.kind === "project") unwrap(await workspace.purgeProject(caller, trashId));
      else unwrap(await objectFor(route.env.PROJECTS, location.projectId).purge(trashId));
      return new Response(null, { status: 204 });
    },
  },
  {
    method: "GET",
    path: "/api/workspaces/:ws/projects/:project/sync/:file",
    handler: socketHandler(async (route) => {
      const query = v.safeParse(SyncQuery, Object.fromEntries(route.url.searchParams));
      if (!query.success) {
        throw new HttpError(400, ErrorCode.badRequest, "acks must be 0 or 1");
      }
      const { user, tokenHash } = await requireSession(route.request, route.env);
      const workspaceId = idParam(route, "ws");
      const workspace = objectFor(route.env.WORKSPACES, workspaceId);
      const projectId = idParam(route, "project");
      const fileId = idParam(route, "file");
      const role = unwrap(await workspace.fileAccess({ userId: user.id }, projectId, fileId));
      // The document trusts these because only this Worker can reach it.
      const request = new Request(route.request);
      request.headers.set("X-Quire-User", user.id);
      request.headers.set("X-Quire-Role", role);
      request.headers.set("X-Quire-Session", tokenHash);
      request.headers.set("X-Quire-Workspace", workspaceId);
      request.headers.set("X-Quire-File", fileId);
      // Headers carry only Latin-1; the name is percent-encoded.
      request.headers.set("X-Quire-Name", encodeURIComponent(user.name));
      request.headers.set("X-Quire-Color", user.color);
      return objectFor(route.env.DOCUMENTS, fileId).fetch(request);
    }),
  },
];

/** The folder path from the URL (its segments are percent-encoded). */
function folderParam(route: RouteContext): string {
  const raw = route.params.path ?? "";
  try {
    return raw.split("/").map(decodeURIComponent).join("/");
  } catch {
    throw new HttpError(400, ErrorCode.badRequest, "The folder path in the URL is not valid.");
  }
}

function trashParam(route: RouteContext): string {
  const result = v.safeParse(TrashParam, route.params.trashId);
  if (!result.success) throw new HttpError(404, ErrorCode.notFound, "That is not in the trash.");
  return result.output;
}
