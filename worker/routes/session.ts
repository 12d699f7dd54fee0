import { contract } from "../../shared/api/contract.ts";
import { defaultColor, type User } from "../../shared/api/session.ts";
import { ErrorCode } from "../../shared/errors.ts";
import { newId } from "../../shared/ids.ts";
import {
  clearedSessionCookies,
  hashToken,
  readSession,
  sessionCookies,
  sessionShard,
  sessionToken,
} from "../lib/auth.ts";
import { endSession, startSession } from "../lib/sessions.ts";
import { HttpError } from "../lib/http.ts";
import { takeCreation } from "../lib/limits.ts";
import { unwrap } from "../lib/outcome.ts";
import { objectFor } from "../lib/placement.ts";
import { type Route, route } from "../router.ts";

/**
 * `/api/session`: guest sign-in, who am I, rename, sign out. The session
 * lives in a shard picked by the token's hash; the user's profile lives in
 * their UserObject, with a copy of name and colour in the session so that
 * reading a session never wakes the user's object.
 */

function userStub(env: Env, userId: string) {
  return env.USERS.get(env.USERS.idFromName(userId));
}

/**
 * A new name or colour reaches every workspace the person belongs to, which
 * re-labels their member row, their avatars in the tree and their cursors
 * in the files they have open, for everyone at once (issue 12 item 6). A
 * workspace that cannot be reached now keeps the old name until the next
 * change; the profile itself has changed.
 */
async function tellWorkspaces(env: Env, user: User): Promise<void> {
  const workspaces = await userStub(env, user.id).listWorkspaces();
  await Promise.all(
    workspaces.map(async ({ id }) => {
      try {
        await objectFor(env.WORKSPACES, id).memberProfileChanged(user);
      } catch (error) {
        console.error(`could not tell workspace ${id} about a new name`, error);
      }
    }),
  );
}

function signedOut(): HttpError {
  return new HttpError(401, ErrorCode.unauthorized, "Sign in to continue.");
}

/** What the sockets of a session replaced by a new sign-in are told as they close. */
export const SIGNED_IN_AGAIN = "You signed in again; this page uses the new session.";

export const sessionRoutes: Route[] = [
  route(contract.signIn, async ({ request, env, body: readBody, headers }) => {
    const body = await readBody();
    await takeCreation(env, "sign-in", { request });
    const id = newId();
    const user: User = { id, name: body.name, color: body.color ?? defaultColor(id) };
    // Signing in again in the same browser replaces the old session; end it
    // rather than leave it valid until it expires.
    // Its open sockets close too (issue 15.10), or they would go on writing.
    const previous = sessionToken(request);
    if (previous) await endSession(env, await hashToken(previous), SIGNED_IN_AGAIN);
    await userStub(env, id).initProfile(user);
    await startSession(env, request, user, headers);
    // A new guest has no passkey yet.
    return { user, passkeys: 0 };
  }),
  route(contract.currentSession, async ({ request, env, headers }) => {
    const signedIn = await readSession(request, env);
    if (!signedIn) throw signedOut();
    // The server's expiry slides; send the cookie again with what is left so
    // the browser does not drop it while the session is still alive.
    const maxAge = Math.ceil((signedIn.expiresAt - Date.now()) / 1000);
    for (const cookie of sessionCookies(signedIn.token, request, maxAge)) {
      headers.append("Set-Cookie", cookie);
    }
    // The one extra call a page load makes: whether this person is a guest
    // (issue 18). Reading a session elsewhere still wakes no UserObject.
    const passkeys = await userStub(env, signedIn.user.id).passkeyCount();
    return { user: signedIn.user, passkeys };
  }),
  route(contract.updateProfile, async ({ request, env, body }) => {
    const signedIn = await readSession(request, env);
    if (!signedIn) throw signedOut();
    const changes = await body();
    const profile = unwrap(await userStub(env, signedIn.user.id).updateProfile(changes));
    const user: User = { id: profile.id, name: profile.name, color: profile.color };
    // Every session of the person keeps a copy of the name (issue 18: one
    // person may be signed in on several devices), not only this one.
    const hashes = new Set([signedIn.tokenHash]);
    for (const known of await userStub(env, user.id).sessions()) hashes.add(known.sessionHash);
    await Promise.all([...hashes].map((hash) => sessionShard(env, hash).updateUser(hash, user)));
    await tellWorkspaces(env, user);
    return { user, passkeys: await userStub(env, user.id).passkeyCount() };
  }),
  route(contract.signOut, async ({ request, env, headers }) => {
    // The session's open sockets (documents, the user's live socket) close now.
    const token = sessionToken(request);
    if (token) await endSession(env, await hashToken(token));
    for (const cookie of clearedSessionCookies(request)) headers.append("Set-Cookie", cookie);
  }),
];
