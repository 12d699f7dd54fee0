import type { User } from "../../shared/api/session.ts";
import { SESSION_TTL_MS } from "../../shared/limits.ts";
import { hashToken, newSessionToken, sessionCookies, sessionShard, sessionToken } from "./auth.ts";

/** What the sockets of a session replaced by a new sign-in are told as they close. */
const SIGNED_IN_AGAIN = "You signed in again; this page uses the new session.";

/**
 * Starts a session for `user` and sets its cookie on `headers`: what every
 * way of signing in ends with (as a guest, with a passkey, with a recovery
 * code; worker/routes/session.ts and passkeys.ts). Signing in again in the
 * same browser replaces the old session: it ends rather than stays valid
 * until it expires, and its open sockets close too (issue 15.10), or they
 * would go on writing.
 */
export async function startSession(
  env: Env,
  request: Request,
  headers: Headers,
  user: User,
): Promise<void> {
  const previous = sessionToken(request);
  if (previous) {
    const previousHash = await hashToken(previous);
    const previousUser = await sessionShard(env, previousHash).revoke(previousHash);
    if (previousUser) {
      await env.USERS.get(env.USERS.idFromName(previousUser)).signOut(
        previousHash,
        SIGNED_IN_AGAIN,
      );
    }
  }
  const token = newSessionToken();
  const tokenHash = await hashToken(token);
  await sessionShard(env, tokenHash).create(tokenHash, user, SESSION_TTL_MS);
  for (const cookie of sessionCookies(token, request)) headers.append("Set-Cookie", cookie);
}
