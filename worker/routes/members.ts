import { contract } from "../../shared/api/contract.ts";
import { INVITE_TOKEN_PATTERN } from "../../shared/api/members.ts";
import { ErrorCode } from "../../shared/errors.ts";
import { isId, randomBase64Url } from "../../shared/ids.ts";
import { requireSession, requireUser } from "../lib/auth.ts";
import { withGrant } from "../lib/grant.ts";
import { HttpError } from "../lib/http.ts";
import { takeCreation } from "../lib/limits.ts";
import { unwrap } from "../lib/outcome.ts";
import { objectFor } from "../lib/placement.ts";
import type { VisitorGrant } from "../objects/workspace.ts";
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
    throw new HttpError(404, ErrorCode.notFound, "This link is not valid. Ask for a new one.");
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
    return unwrap(await workspaceFor(route).members({ userId: user.id }));
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
    const invites = await workspaceFor(route).invites({ userId: user.id }, route.url.origin);
    return { invites: unwrap(invites) };
  }),
  route(contract.revokeInvite, async (route) => {
    const user = await requireUser(route.request, route.env);
    const inviteId = route.params.invite ?? "";
    if (!isId(inviteId)) throw new HttpError(404, ErrorCode.notFound, "There is no such link.");
    const workspace = workspaceFor(route);
    unwrap(await workspace.revokeInvite({ userId: user.id }, inviteId, route.url.origin));
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
  route(contract.requestAccess, async (route) => {
    const user = await requireUser(route.request, route.env);
    const body = await route.body();
    return unwrap(await workspaceFor(route).requestAccess(user, body));
  }),
  route(contract.myAccessRequest, async (route) => {
    const user = await requireUser(route.request, route.env);
    return await workspaceFor(route).myAccessRequest(user);
  }),
  route(contract.accessRequests, async (route) => {
    const user = await requireUser(route.request, route.env);
    return { requests: unwrap(await workspaceFor(route).accessRequests({ userId: user.id })) };
  }),
  route(contract.approveAccess, async (route) => {
    const user = await requireUser(route.request, route.env);
    const { role } = await route.body();
    const workspace = workspaceFor(route);
    return unwrap(await workspace.approveAccess({ userId: user.id }, requesterParam(route), role));
  }),
  route(contract.declineAccess, async (route) => {
    const user = await requireUser(route.request, route.env);
    unwrap(await workspaceFor(route).declineAccess({ userId: user.id }, requesterParam(route)));
  }),
];

/**
 * A link anyone can open: no session. The page's first request gives the
 * browser a random id in a cookie; its socket carries it, and the visitor is
 * counted once by it.
 */
export const visitorRoutes: Route[] = [
  route(contract.viewLink, async (route) => {
    const { workspace, secret } = parseInviteToken(route);
    const view = unwrap(await workspace.viewLink(secret));
    if (!visitorCookie(route.request)) {
      route.headers.append("Set-Cookie", visitorCookieHeader(route.request, randomBase64Url(16)));
    }
    return view;
  }),
  route(
    contract.viewSync,
    socketHandler(async (route) => {
      const { workspace, secret } = parseInviteToken(route);
      const grant = unwrap(await workspace.visitorGrant(secret, visitorCookie(route.request)));
      return objectFor(route.env.DOCUMENTS, grant.fileId).fetch(visitorSocket(route, grant));
    }),
  ),
];

/**
 * The document's upgrade for a visitor: read-only, one id for every visitor
 * of the link (their sockets close together when it is revoked), no
 * session (so no presence is reported to any user object), and a name the
 * app counts instead of showing. The one place that turns a visitor grant
 * into what the document trusts.
 */
function visitorSocket(route: RouteContext, grant: VisitorGrant): Request {
  return withGrant(route.request, {
    user: { id: grant.visitorId, name: "Visitor", color: VISITOR_COLOR },
    access: { workspaceId: grant.workspaceId, role: "viewer", fileId: grant.fileId },
  });
}

/** Visitors' carets (if a client sends one) are grey: nobody in particular. */
const VISITOR_COLOR = "#868e96";

const VISITOR_COOKIE = "quire_visitor";

function visitorCookie(request: Request): string | undefined {
  const match = /(?:^|;\s*)quire_visitor=([A-Za-z0-9_-]{22})(?:;|$)/.exec(
    request.headers.get("Cookie") ?? "",
  );
  return match?.[1];
}

/** A year, on the view pages' API only; HttpOnly, so the page's scripts never see it. */
function visitorCookieHeader(request: Request, key: string): string {
  const secure = new URL(request.url).protocol === "https:" ? "; Secure" : "";
  return `${VISITOR_COOKIE}=${key}; HttpOnly; SameSite=Lax; Path=/api/view; Max-Age=31536000${secure}`;
}

function requesterParam(route: RouteContext): string {
  const userId = route.params.user ?? "";
  if (!isId(userId)) {
    throw new HttpError(404, ErrorCode.notFound, "There is no such request.");
  }
  return userId;
}

/** The signed-in person's own inbox, presence and live socket. */
export const meRoutes: Route[] = [
  route(contract.inbox, async (route) => {
    const user = await requireUser(route.request, route.env);
    return { inbox: await userObject(route.env, user.id).inbox() };
  }),
  route(contract.markInboxRead, async (route) => {
    const user = await requireUser(route.request, route.env);
    const { ids } = await route.body();
    return { inbox: await userObject(route.env, user.id).markInboxRead(ids) };
  }),
  route(
    contract.meLive,
    socketHandler(async (route) => {
      const { user, tokenHash } = await requireSession(route.request, route.env);
      const grant = withGrant(route.request, { user, sessionHash: tokenHash });
      return userObject(route.env, user.id).fetch(grant);
    }),
  ),
  route(contract.presence, async (route) => {
    const user = await requireUser(route.request, route.env);
    return { presence: await userObject(route.env, user.id).presence() };
  }),
];
