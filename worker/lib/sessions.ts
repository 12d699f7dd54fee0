import type { User } from "../../shared/api/session.ts";
import { SESSION_TTL_MS } from "../../shared/limits.ts";
import { hashToken, newSessionToken, sessionCookies, sessionShard } from "./auth.ts";
import { summariseUserAgent } from "./user-agent.ts";

/**
 * Beginning and ending a sign-in session, in one place for every way in and
 * out (guest sign-in, sign-out, the account page's "sign out everywhere",
 * deleting an account). A session is two records: the shard's (by token
 * hash; what every request reads) and a row in the person's UserObject
 * (what lists a person's sessions). Ending one also closes its open sockets
 * (issue 15.10), or they would go on writing with the ended session.
 */

function userStub(env: Env, userId: string) {
  return env.USERS.get(env.USERS.idFromName(userId));
}

/**
 * Stores a new session for `user` (whose profile exists) and adds its
 * cookies to `headers`. The browser is summarised from the request's
 * User-Agent for the person's list of sessions.
 */
export async function startSession(
  env: Env,
  request: Request,
  user: User,
  headers: Headers,
): Promise<void> {
  const token = newSessionToken();
  const tokenHash = await hashToken(token);
  await sessionShard(env, tokenHash).create(tokenHash, user, SESSION_TTL_MS);
  await userStub(env, user.id).sessionStarted(
    tokenHash,
    summariseUserAgent(request.headers.get("User-Agent")),
  );
  for (const cookie of sessionCookies(token, request)) headers.append("Set-Cookie", cookie);
}

/**
 * Ends a session now: the shard forgets it (so no request is let in with it
 * again), then its sockets close with `reason` and the person's list drops
 * it. `userId` is who the caller knows it belongs to; an unknown or ended
 * session is fine (idempotent).
 */
export async function endSession(
  env: Env,
  tokenHash: string,
  reason?: string,
  userId?: string,
): Promise<void> {
  const owner = (await sessionShard(env, tokenHash).revoke(tokenHash)) ?? userId;
  if (owner) await userStub(env, owner).signOut(tokenHash, reason);
}
