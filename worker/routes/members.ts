import { contract } from "../../shared/api/contract.ts";
import { INVITE_TOKEN_PATTERN } from "../../shared/api/members.ts";
import { ErrorCode } from "../../shared/errors.ts";
import { isId } from "../../shared/ids.ts";
import { requireSession, requireUser } from "../lib/auth.ts";
import { HttpError } from "../lib/http.ts";
import { takeCreation } from "../lib/limits.ts";
import { unwrap } from "../lib/outcome.ts";
import { objectFor } from "../lib/placement.ts";
import { socketHandler } from "../lib/websocket-upgrade.ts";
import { type Route, type RouteContext, route } from "../router.ts";

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

function userObject(env: Env, userId: string) {
  return env.USERS.get(env.USERS.idFromName(userId));
}

export const memberRoutes: Route[] = [
  route(contract.members, async (route) => {
    const user = await requireUser(route.request, route.env);
    return { members: unwrap(await workspaceFor(route).members({ userId: user.id })) };
  }),
  route(contract.setRole, async (route) => {
    const user = await requireUser(route.request, route.env);
    const { role } = await route.body();
    const workspace = workspaceFor(route);
    return unwrap(await workspace.setRole({ userId: user.id }, memberParam(route), role));
  }),
  route(contract.removeMember, async (route) => {
    const user = await requireUser(route.request, route.env);
    unwrap(await workspaceFor(route).removeMember({ userId: user.id }, memberParam(route)));
  }),
  route(contract.createInvite, async (route) => {
    const user = await requireUser(route.request, route.env);
    const body = await route.body();
    await takeCreation(route.env, "invite", { userId: user.id, request: route.request });
    return unwrap(
      await workspaceFor(route).createInvite({ userId: user.id }, body, route.url.origin),
    );
  }),
  route(contract.invites, async (route) => {
    const user = await requireUser(route.request, route.env);
    return { invites: unwrap(await workspaceFor(route).invites({ userId: user.id })) };
  }),
  route(contract.revokeInvite, async (route) => {
    const user = await requireUser(route.request, route.env);
    const inviteId = route.params.invite ?? "";
    if (!isId(inviteId)) throw new HttpError(404, ErrorCode.notFound, "There is no such link.");
    unwrap(await workspaceFor(route).revokeInvite({ userId: user.id }, inviteId));
  }),
  // No session needed: the invite page shows what the link offers before
  // the person picks a name.
  route(contract.previewInvite, async (route) => {
    const { workspace, secret } = parseInviteToken(route);
    return unwrap(await workspace.previewInvite(secret));
  }),
  route(contract.acceptInvite, async (route) => {
    const user = await requireUser(route.request, route.env);
    const { workspace, secret } = parseInviteToken(route);
    return unwrap(await workspace.acceptInvite(secret, user));
  }),
];

/** The signed-in person's own inbox, presence and live socket. */
export const meRoutes: Route[] = [
  route(contract.inbox, async (route) => {
    const user = await requireUser(route.request, route.env);
    return { inbox: await userObject(route.env, user.id).inbox() };
  }),
  route(
    contract.meLive,
    socketHandler(async (route) => {
      const { user, tokenHash } = await requireSession(route.request, route.env);
      const request = new Request(route.request);
      request.headers.set("X-Quire-Session", tokenHash);
      return userObject(route.env, user.id).fetch(request);
    }),
  ),
  route(contract.presence, async (route) => {
    const user = await requireUser(route.request, route.env);
    return { presence: await userObject(route.env, user.id).presence() };
  }),
];
