import type { WorkspaceRef } from "../../shared/api/account.ts";
import { contract } from "../../shared/api/contract.ts";
import type { SessionInfo } from "../../shared/api/session.ts";
import { ErrorCode } from "../../shared/errors.ts";
import { isId } from "../../shared/ids.ts";
import {
  clearedSessionCookies,
  requireSession,
  type SignedIn,
  sessionShardName,
} from "../lib/auth.ts";
import { HttpError } from "../lib/http.ts";
import { objectFor } from "../lib/placement.ts";
import { endSession } from "../lib/sessions.ts";
import { ACCOUNT_DELETED } from "../objects/user.ts";
import { summariseUserAgent } from "../lib/user-agent.ts";
import { forgetCredentials } from "../passkeys/index.ts";
import { type Route, type RouteContext, route } from "../router.ts";

/**
 * `/api/me/sessions` (issue 18 item 3): the signed-in person's sessions, and
 * signing out one of them, all the others, or everywhere. The person's
 * UserObject lists their sessions; the shards say which are alive and when
 * each was last seen. A session that is not in the caller's own list does
 * not exist as far as they can tell: 404, whoever it belongs to.
 */

function userStub(env: Env, userId: string) {
  return env.USERS.get(env.USERS.idFromName(userId));
}

/** What the sockets of a session signed out from another one are told as they close. */
export const SIGNED_OUT_ELSEWHERE = "You were signed out from another session.";

/**
 * The caller's sessions that are still alive, with when each was last seen.
 * Sessions their shards no longer hold (expired, revoked) are forgotten on
 * the way. The calling session is added if the list lacks it (a session
 * from before the list existed).
 */
async function liveSessions(env: Env, request: Request, signedIn: SignedIn) {
  const user = userStub(env, signedIn.user.id);
  let known = await user.sessions();
  if (!known.some((session) => session.sessionHash === signedIn.tokenHash)) {
    await user.sessionStarted(
      signedIn.tokenHash,
      summariseUserAgent(request.headers.get("User-Agent")),
    );
    known = await user.sessions();
  }
  const byShard = new Map<string, string[]>();
  for (const { sessionHash } of known) {
    const shard = sessionShardName(sessionHash);
    byShard.set(shard, [...(byShard.get(shard) ?? []), sessionHash]);
  }
  const seen: Record<string, number> = {};
  await Promise.all(
    [...byShard.values()].map(async (hashes) => {
      const shard = env.SESSIONS.get(env.SESSIONS.idFromName(sessionShardName(hashes[0]!)));
      Object.assign(seen, await shard.lastSeen(hashes));
    }),
  );
  const gone = known.filter((session) => seen[session.sessionHash] === undefined);
  if (gone.length > 0) await user.forgetSessions(gone.map((session) => session.sessionHash));
  return (
    known
      .filter((session) => seen[session.sessionHash] !== undefined)
      // The shard's clock reading at creation is a moment before this list's.
      .map((session) => ({
        ...session,
        lastSeenAt: Math.max(seen[session.sessionHash]!, session.createdAt),
      }))
  );
}

function noSuchSession(): HttpError {
  return new HttpError(404, ErrorCode.notFound, "There is no such session.");
}

/** Ends these sessions of the caller's, closing their sockets with `reason`. */
async function endAll(env: Env, userId: string, hashes: string[], reason: string): Promise<void> {
  await Promise.all(hashes.map((hash) => endSession(env, hash, reason, userId)));
}

function signedOutHere(route: RouteContext): void {
  for (const cookie of clearedSessionCookies(route.request)) {
    route.headers.append("Set-Cookie", cookie);
  }
}

/**
 * The person's workspaces, split into those they are the only owner of
 * (which cannot be left: they go with the account, once confirmed) and the
 * rest (which they leave). Asks only the workspaces they own.
 */
async function workspacesOf(env: Env, userId: string) {
  const all = await userStub(env, userId).listWorkspaces();
  const sole = await Promise.all(
    all.map((workspace) =>
      workspace.role === "owner"
        ? objectFor(env.WORKSPACES, workspace.id).isSoleOwner(userId)
        : false,
    ),
  );
  const soleOwned: (WorkspaceRef & { trashed: boolean })[] = [];
  const others: string[] = [];
  all.forEach((workspace, i) => {
    if (sole[i]) {
      soleOwned.push({
        id: workspace.id,
        name: workspace.name,
        trashed: workspace.trashedAt !== undefined,
      });
    } else {
      others.push(workspace.id);
    }
  });
  return { all, soleOwned, others };
}

/** An outcome that is fine when the workspace is already gone (404): deleting an account may be retried. */
function unlessGone(
  outcome: { ok: true } | { ok: false; failure: { status: number; message: string } },
) {
  if (outcome.ok || outcome.failure.status === 404) return;
  throw new HttpError(409, ErrorCode.conflict, outcome.failure.message);
}

export const accountRoutes: Route[] = [
  route(contract.sessions, async ({ request, env }) => {
    const signedIn = await requireSession(request, env);
    const sessions: SessionInfo[] = (await liveSessions(env, request, signedIn)).map((session) => ({
      id: session.id,
      browser: session.browser,
      createdAt: session.createdAt,
      lastSeenAt: session.lastSeenAt,
      current: session.sessionHash === signedIn.tokenHash,
    }));
    sessions.sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt - a.lastSeenAt);
    return { sessions };
  }),
  route(contract.signOutOthers, async ({ request, env }) => {
    const signedIn = await requireSession(request, env);
    const others = (await userStub(env, signedIn.user.id).sessions())
      .map((session) => session.sessionHash)
      .filter((hash) => hash !== signedIn.tokenHash);
    await endAll(env, signedIn.user.id, others, SIGNED_OUT_ELSEWHERE);
  }),
  route(contract.signOutSession, async (route) => {
    const signedIn = await requireSession(route.request, route.env);
    const id = route.params.session ?? "";
    // Only the caller's own list is searched: someone else's session id, a
    // made-up one and an ended one all answer the same 404.
    const session = isId(id) ? await userStub(route.env, signedIn.user.id).session(id) : undefined;
    if (!session) throw noSuchSession();
    const current = session.sessionHash === signedIn.tokenHash;
    await endSession(
      route.env,
      session.sessionHash,
      current ? undefined : SIGNED_OUT_ELSEWHERE,
      signedIn.user.id,
    );
    if (current) signedOutHere(route);
  }),
  route(contract.signOutEverywhere, async (route) => {
    const signedIn = await requireSession(route.request, route.env);
    const others = (await userStub(route.env, signedIn.user.id).sessions())
      .map((session) => session.sessionHash)
      .filter((hash) => hash !== signedIn.tokenHash);
    await endAll(route.env, signedIn.user.id, others, SIGNED_OUT_ELSEWHERE);
    // This one last, so a failure above leaves the caller signed in to try again.
    await endSession(route.env, signedIn.tokenHash, undefined, signedIn.user.id);
    signedOutHere(route);
  }),
  route(contract.account, async ({ request, env }) => {
    const { user } = await requireSession(request, env);
    const { all, soleOwned } = await workspacesOf(env, user.id);
    return {
      soleOwned: soleOwned.map(({ id, name }) => ({ id, name })),
      workspaces: all.length,
    };
  }),
  /**
   * Deletes the account (issue 18 item 5). Refused with 409, naming them,
   * while a sole-owned workspace is not confirmed; otherwise, in an order
   * that can be retried from any point while this session still works: the
   * confirmed workspaces go (to the trash, then purged now), the person
   * leaves every other one (the same path as leaving: both sides forget the
   * membership and their sockets there close), the other sessions end, the
   * user object closes what is left and deletes its storage, and this
   * session ends last.
   */
  route(contract.deleteAccount, async (route) => {
    const signedIn = await requireSession(route.request, route.env);
    const { deleteWorkspaces } = await route.body();
    const { env } = route;
    const userId = signedIn.user.id;
    const caller = { userId };
    const { soleOwned, others } = await workspacesOf(env, userId);
    const confirmed = new Set(deleteWorkspaces);
    const unconfirmed = soleOwned.filter((workspace) => !confirmed.has(workspace.id));
    if (unconfirmed.length > 0) {
      const names = unconfirmed.map((workspace) => `"${workspace.name}"`).join(", ");
      throw new HttpError(
        409,
        ErrorCode.conflict,
        `You are the only owner of ${names}. Make someone else an owner first, or confirm that ${unconfirmed.length === 1 ? "it is" : "they are"} deleted with your account.`,
      );
    }
    for (const workspace of soleOwned) {
      const stub = objectFor(env.WORKSPACES, workspace.id);
      if (!workspace.trashed) unlessGone(await stub.trash(caller));
      unlessGone(await stub.purgeNow(caller));
    }
    for (const workspaceId of others) {
      unlessGone(await objectFor(env.WORKSPACES, workspaceId).removeMember(caller, userId));
    }
    const user = userStub(env, userId);
    const otherSessions = (await user.sessions())
      .map((session) => session.sessionHash)
      .filter((hash) => hash !== signedIn.tokenHash);
    await endAll(env, userId, otherSessions, ACCOUNT_DELETED);
    // The credential index's pointers to this person go too (passkeys, recovery codes).
    await forgetCredentials(env, userId);
    await user.deleteAccount();
    await endSession(env, signedIn.tokenHash, ACCOUNT_DELETED, userId);
    signedOutHere(route);
  }),
];
