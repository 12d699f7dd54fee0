import { INVITE_TOKEN_PATTERN, InviteBody, RoleChangeBody } from "../../shared/api/members.ts";
import { ErrorCode } from "../../shared/errors.ts";
import { isId } from "../../shared/ids.ts";
import { requireSession, requireUser } from "../lib/auth.ts";
import { objectFor } from "../lib/placement.ts";
import { socketHandler } from "./sync.ts";
import { HttpError, readJsonBody } from "../lib/http.ts";
import { takeCreation } from "../lib/limits.ts";
import { unwrap } from "../lib/outcome.ts";
import type { Route, RouteContext } from "../router.ts";

/**
 * Members, roles, share links and the inbox. The workspace object decides
 * who may do what (owners manage members and links); these handlers only
 * check the session and the input, then hand over.
 */

function workspaceFor(route: RouteContext) {
  const workspaceId = route.params.ws ?? "";
  if (!isId(workspaceId))
    throw new HttpError(404, ErrorCode.notFound, "There is no such workspace.");
  return objectFor(route.env.WORKSPACES, workspaceId);
}

function memberParam(route: RouteContext): string {
  const userId = route.params.user ?? "";
  if (!isId(userId)) {
    throw new HttpError(404, ErrorCode.notFound, "That person is not a member of this workspace.");
  }
  return userId;
}

/** Splits a share-link token into its workspace and secret; anything else is 404. */
function parseInviteToken(route: RouteContext) {
  const match = INVITE_TOKEN_PATTERN.exec(route.params.token ?? "");
  if (!match)
    throw new HttpError(
      404,
      ErrorCode.notFound,
      "This invite link is not valid. Ask for a new one.",
    );
  const [, workspaceId, secret] = match as unknown as [string, string, string];
  return {
    workspace: objectFor(route.env.WORKSPACES, workspaceId),
    secret,
  };
}

export const memberRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/workspaces/:ws/members",
    async handler(route) {
      const user = await requireUser(route.request, route.env);
      const members = unwrap(await workspaceFor(route).members({ userId: user.id }));
      return Response.json({ members });
    },
  },
  {
    method: "PATCH",
    path: "/api/workspaces/:ws/members/:user",
    async handler(route) {
      const user = await requireUser(route.request, route.env);
      const { role } = await readJsonBody(route.request, RoleChangeBody);
      const workspace = workspaceFor(route);
      return Response.json(
        unwrap(await workspace.setRole({ userId: user.id }, memberParam(route), role)),
      );
    },
  },
  {
    method: "DELETE",
    path: "/api/workspaces/:ws/members/:user",
    async handler(route) {
      const user = await requireUser(route.request, route.env);
      unwrap(await workspaceFor(route).removeMember({ userId: user.id }, memberParam(route)));
      return new Response(null, { status: 204 });
    },
  },
  {
    method: "POST",
    path: "/api/workspaces/:ws/invites",
    async handler(route) {
      const user = await requireUser(route.request, route.env);
      const body = await readJsonBody(route.request, InviteBody);
      await takeCreation(route.env, "invite", { userId: user.id, request: route.request });
      const created = unwrap(
        await workspaceFor(route).createInvite({ userId: user.id }, body, route.url.origin),
      );
      return Response.json(created, { status: 201 });
    },
  },
  {
    method: "GET",
    path: "/api/workspaces/:ws/invites",
    async handler(route) {
      const user = await requireUser(route.request, route.env);
      return Response.json({
        invites: unwrap(await workspaceFor(route).invites({ userId: user.id })),
      });
    },
  },
  {
    method: "DELETE",
    path: "/api/workspaces/:ws/invites/:invite",
    async handler(route) {
      const user = await requireUser(route.request, route.env);
      const inviteId = route.params.invite ?? "";
      if (!isId(inviteId)) throw new HttpError(404, ErrorCode.notFound, "There is no such link.");
      unwrap(await workspaceFor(route).revokeInvite({ userId: user.id }, inviteId));
      return new Response(null, { status: 204 });
    },
  },
  {
    // No session needed: the invite page shows what the link offers before
    // the person picks a name.
    method: "GET",
    path: "/api/invites/:token",
    async handler(route) {
      const { workspace, secret } = parseInviteToken(route);
      return Response.json(unwrap(await workspace.previewInvite(secret)));
    },
  },
  {
    method: "POST",
    path: "/api/invites/:token/accept",
    async handler(route) {
      const user = await requireUser(route.request, route.env);
      const { workspace, secret } = parseInviteToken(route);
      return Response.json(unwrap(await workspace.acceptInvite(secret, user)));
    },
  },
  {
    method: "GET",
    path: "/api/me/inbox",
    async handler(route) {
      const user = await requireUser(route.request, route.env);
      const inbox = await route.env.USERS.get(route.env.USERS.idFromName(user.id)).inbox();
      return Response.json({ inbox });
    },
  },
];

/** `GET /api/me/live`: the signed-in person's own socket (presence and inbox, live). */
export const meRoutes: Route[] = [
  {
    method: "GET",
    path: "/api/me/live",
    handler: socketHandler(async (route) => {
      const { user, tokenHash } = await requireSession(route.request, route.env);
      const request = new Request(route.request);
      request.headers.set("X-Quire-Session", tokenHash);
      return route.env.USERS.get(route.env.USERS.idFromName(user.id)).fetch(request);
    }),
  },
  {
    method: "GET",
    path: "/api/me/presence",
    async handler(route) {
      const user = await requireUser(route.request, route.env);
      const presence = await route.env.USERS.get(route.env.USERS.idFromName(user.id)).presence();
      return Response.json({ presence });
    },
  },
];
