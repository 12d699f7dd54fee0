import { isId } from "../../shared/ids.ts";

/** Which page a URL path shows. Ids only in URLs, so links survive renames. */
export type Route =
  | { kind: "home" }
  /** The person's own settings: passkeys, recovery codes, sessions. */
  | { kind: "account" }
  | { kind: "workspace"; workspaceId: string; projectId?: string; fileId?: string }
  | { kind: "invite"; token: string }
  /** A link anyone can open: one file, read-only, no sign-in. */
  | { kind: "view"; token: string }
  | { kind: "invalid-link"; address: string }
  | { kind: "not-found"; pathname: string };

const WORKSPACE_PATH = /^\/w\/([^/]+)(?:\/p\/([^/]+)\/f\/([^/]+))?\/?$/;
const INVITE_PATH = /^\/invite\/([^/]+)\/?$/;
const VIEW_PATH = /^\/view\/([^/]+)\/?$/;

/**
 * Maps a path to a route. A workspace or file link with a malformed id gets
 * its own route, so a mistyped or truncated link explains itself instead of
 * reading as a generic "not found".
 */
export function matchRoute(pathname: string): Route {
  if (pathname === "/" || pathname === "") return { kind: "home" };
  if (pathname === "/account" || pathname === "/account/") return { kind: "account" };
  const invite = INVITE_PATH.exec(pathname);
  if (invite) return { kind: "invite", token: safeDecode(invite[1] ?? "") };
  const view = VIEW_PATH.exec(pathname);
  if (view) return { kind: "view", token: safeDecode(view[1] ?? "") };
  const workspace = WORKSPACE_PATH.exec(pathname);
  if (workspace) {
    const [, workspaceId = "", projectId, fileId] = workspace.map((part) =>
      part === undefined ? undefined : safeDecode(part),
    );
    const ids = [workspaceId, projectId, fileId].filter((id): id is string => id !== undefined);
    if (!ids.every(isId)) return { kind: "invalid-link", address: pathname };
    return projectId && fileId
      ? { kind: "workspace", workspaceId, projectId, fileId }
      : { kind: "workspace", workspaceId };
  }
  return { kind: "not-found", pathname };
}

/** The page of one file of a workspace. */
export function filePagePath(workspaceId: string, projectId: string, fileId: string): string {
  return `/w/${workspaceId}/p/${projectId}/f/${fileId}`;
}

/** `decodeURIComponent` throws on a stray `%`; such a link is simply invalid. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
