import * as v from "valibot";
import { contract } from "../../shared/api/contract.ts";
import { pathFor } from "../../shared/api/endpoint.ts";
import type { FileDetails, FileEntry } from "../../shared/api/tree.ts";
import { ErrorCode } from "../../shared/errors.ts";
import { requireSession } from "../lib/auth.ts";
import { withGrant } from "../lib/grant.ts";
import { HttpError } from "../lib/http.ts";
import { takeCreation } from "../lib/limits.ts";
import { unwrap } from "../lib/outcome.ts";
import { objectFor } from "../lib/placement.ts";
import { socketHandler } from "../lib/websocket-upgrade.ts";
import { type Route, type RouteContext, route } from "../router.ts";
import { enter, idParam } from "./access.ts";

/**
 * Projects (kept by their workspace), and the folders and files in them
 * (kept by the project), with the socket of each file's document.
 */

/** The `ws://` or `wss://` URL of a file's socket, split by y-websocket at the last "/". */
function syncUrl(requestUrl: URL, ws: string, project: string, file: string) {
  const protocol = requestUrl.protocol === "https:" ? "wss:" : "ws:";
  return `${protocol}//${requestUrl.host}${pathFor(contract.fileSync.path, { ws, project, file })}`;
}

/** A file as the API returns it: with its workspace and the URL of its socket. */
function fileDetails(route: RouteContext, workspaceId: string, file: FileEntry): FileDetails {
  return {
    ...file,
    workspaceId,
    syncUrl: syncUrl(route.url, workspaceId, file.projectId, file.id),
  };
}

/** The folder path from the URL (its segments are percent-encoded). */
function folderParam(route: RouteContext): string {
  const raw = route.params.path ?? "";
  try {
    return raw.split("/").map(decodeURIComponent).join("/");
  } catch {
    throw new HttpError(400, ErrorCode.badRequest, "The folder path in the URL is not valid.");
  }
}

/**
 * A document socket's query: `acks=1` asks for saved acknowledgements. Other
 * parameters are ignored (y-websocket clients may add their own).
 */
const SyncQuery = v.looseObject({ acks: v.optional(v.picklist(["0", "1"])) });

export const projectRoutes: Route[] = [
  route(contract.createProject, async (route) => {
    const { caller, workspace } = await enter(route, { write: true });
    const { name } = await route.body();
    await takeCreation(route.env, "project", { userId: caller.userId, request: route.request });
    return unwrap(await workspace.createProject(caller, name));
  }),
  route(contract.project, async (route) => {
    const { caller, workspace, projectId } = await enter(route, { project: true });
    return unwrap(await workspace.project(caller, projectId));
  }),
  route(contract.renameProject, async (route) => {
    const { caller, workspace, projectId } = await enter(route, { project: true, write: true });
    const { name } = await route.body();
    return unwrap(await workspace.renameProject(caller, projectId, name));
  }),
  route(contract.trashProject, async (route) => {
    const { caller, workspace, projectId } = await enter(route, { project: true, write: true });
    unwrap(await workspace.trashProject(caller, projectId));
  }),
  route(contract.restoreProject, async (route) => {
    const { caller, workspace } = await enter(route, { write: true });
    return unwrap(await workspace.restoreProject(caller, idParam(route, "project")));
  }),
  route(contract.createFolder, async (route) => {
    const { projectId, user } = await enter(route, { project: true, write: true });
    const { path } = await route.body();
    await takeCreation(route.env, "file", { userId: user.id, request: route.request });
    return unwrap(await objectFor(route.env.PROJECTS, projectId).createFolder(path));
  }),
  route(contract.moveFolder, async (route) => {
    const { projectId } = await enter(route, { project: true, write: true });
    const from = folderParam(route);
    const { path } = await route.body();
    return unwrap(await objectFor(route.env.PROJECTS, projectId).moveFolder(from, path));
  }),
  route(contract.trashFolder, async (route) => {
    const { projectId, user } = await enter(route, { project: true, write: true });
    const project = objectFor(route.env.PROJECTS, projectId);
    unwrap(await project.trashFolder(folderParam(route), user.name));
  }),
  route(contract.createFile, async (route) => {
    const { projectId, workspaceId, user } = await enter(route, { project: true, write: true });
    const { path } = await route.body();
    await takeCreation(route.env, "file", { userId: user.id, request: route.request });
    const file = unwrap(await objectFor(route.env.PROJECTS, projectId).createFile(path));
    return fileDetails(route, workspaceId, file);
  }),
  route(contract.file, async (route) => {
    const { projectId, workspaceId } = await enter(route, { project: true });
    const file = unwrap(
      await objectFor(route.env.PROJECTS, projectId).file(idParam(route, "file")),
    );
    return fileDetails(route, workspaceId, file);
  }),
  route(contract.moveFile, async (route) => {
    const { projectId, workspaceId } = await enter(route, { project: true, write: true });
    const { path } = await route.body();
    const project = objectFor(route.env.PROJECTS, projectId);
    const file = unwrap(await project.moveFile(idParam(route, "file"), path));
    return fileDetails(route, workspaceId, file);
  }),
  route(contract.moveToProject, async (route) => {
    const { caller, workspace, projectId } = await enter(route, { project: true, write: true });
    const body = await route.body();
    if (body.project === projectId) {
      throw new HttpError(
        400,
        ErrorCode.badRequest,
        "That is the project it is in already: to move it within the project, change its path.",
      );
    }
    // The project it goes to must be an active project of the same workspace.
    unwrap(await workspace.access(caller, body.project));
    const source = objectFor(route.env.PROJECTS, projectId);
    const target = { projectId: body.project, path: body.path };
    if ("file" in body) {
      const file = unwrap(await source.sendFile(body.file, target));
      return { projectId: body.project, path: file.path, moved: 1, left: [] };
    }
    const moved = unwrap(await source.sendFolder(body.folder, target));
    return { projectId: body.project, path: body.path, ...moved };
  }),
  route(contract.trashFile, async (route) => {
    const { projectId, user } = await enter(route, { project: true, write: true });
    const project = objectFor(route.env.PROJECTS, projectId);
    unwrap(await project.trashFile(idParam(route, "file"), user.name));
  }),
  route(contract.restoreFile, async (route) => {
    const { projectId, workspaceId } = await enter(route, { project: true, write: true });
    const fileId = idParam(route, "file");
    const project = objectFor(route.env.PROJECTS, projectId);
    unwrap(await project.restore(fileId));
    return fileDetails(route, workspaceId, unwrap(await project.file(fileId)));
  }),
  route(
    contract.fileSync,
    socketHandler(async (route) => {
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
      const access = { workspaceId, role, fileId };
      const grant = withGrant(route.request, { user, sessionHash: tokenHash, access });
      return objectFor(route.env.DOCUMENTS, fileId).fetch(grant);
    }),
  ),
];
