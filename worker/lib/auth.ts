import { SECURE_SESSION_COOKIE, SESSION_COOKIE, type User } from "../../shared/api/session.ts";
import { ErrorCode } from "../../shared/errors.ts";
import { randomBase64Url } from "../../shared/ids.ts";
import { SESSION_TTL_MS } from "../../shared/limits.ts";
import { HttpError } from "./http.ts";
import { chargeUnknownSession } from "./limits.ts";

/**
 * Sessions as the Worker sees them. The browser holds a random token in an
 * HttpOnly cookie; the server keeps only its SHA-256, so a leaked session
 * table cannot be replayed as cookies. The hash also picks the shard, so the
 * cookie carries nothing but the token.
 */

/** 32 random bytes, base64url without padding: 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The signed-in person behind a request, and what names their session. */
export interface SignedIn {
  user: User;
  token: string;
  tokenHash: string;
  expiresAt: number;
}

/** A new session token: 256 bits from the platform's CSPRNG. */
export function newSessionToken(): string {
  return randomBase64Url(32);
}

/** True when `value` could be a token we issued; anything else never reaches an object. */
export function isSessionToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

/** SHA-256 of the token, lower-case hex: what the session shard stores. */
export async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * The session shard's name: the hash's first hex digit, so sign-ins spread
 * evenly over 16 objects and any Worker finds the shard from the cookie alone.
 */
export function sessionShardName(tokenHash: string): string {
  return `shard-${tokenHash[0]}`;
}

/** The shard that holds the session with this hash. */
export function sessionShard(env: Env, tokenHash: string) {
  return env.SESSIONS.get(env.SESSIONS.idFromName(sessionShardName(tokenHash)));
}

/**
 * The value of cookie `name` in a Cookie header, or undefined. Pairs are
 * split on ";" and the first "="; the first pair with the name wins, as
 * browsers send the most specific path first (RFC 6265 §5.4).
 */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(";")) {
    const equals = pair.indexOf("=");
    if (equals === -1) continue;
    if (pair.slice(0, equals).trim() !== name) continue;
    let value = pair.slice(equals + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
      value = value.slice(1, -1);
    }
    return value;
  }
  return undefined;
}

/**
 * The well-formed session token the request carries, or undefined: the
 * `__Host-` cookie first, then the plain one (http, and sessions from
 * before the prefix).
 */
export function sessionToken(request: Request): string | undefined {
  const header = request.headers.get("Cookie");
  for (const name of [SECURE_SESSION_COOKIE, SESSION_COOKIE]) {
    const token = readCookie(header, name);
    if (token !== undefined && isSessionToken(token)) return token;
  }
  return undefined;
}

function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}

/**
 * The signed-in person, or undefined for a missing, malformed, unknown,
 * revoked or expired session (an unknown one also costs its address: a 429
 * past the address's budget). Costs one call to one session shard (none for a
 * malformed cookie) and wakes no other object.
 */
export async function readSession(request: Request, env: Env): Promise<SignedIn | undefined> {
  const token = sessionToken(request);
  if (!token) return undefined;
  const tokenHash = await hashToken(token);
  const found = await sessionShard(env, tokenHash).resolve(tokenHash);
  if (!found.ok) {
    await chargeUnknownSession(request, env);
    return undefined;
  }
  return { user: found.user, token, tokenHash, expiresAt: found.expiresAt };
}

/** The signed-in session, or a 401 that the router answers as JSON. */
export async function requireSession(request: Request, env: Env): Promise<SignedIn> {
  const signedIn = await readSession(request, env);
  if (!signedIn) throw new HttpError(401, ErrorCode.unauthorized, "Sign in to continue.");
  return signedIn;
}

/** The signed-in user, or a 401 that the router answers as JSON. */
export async function requireUser(request: Request, env: Env): Promise<User> {
  return (await requireSession(request, env)).user;
}

/** `Secure` only over https, so the cookie still works on http://localhost. */
function cookieAttributes(request: Request, maxAgeSeconds: number): string {
  const secure = isHttps(request) ? "; Secure" : "";
  return `HttpOnly; SameSite=Lax; Path=/; Max-Age=${maxAgeSeconds}${secure}`;
}

/**
 * The Set-Cookie values that store `token`: `__Host-quire_session` over
 * https (and, if the browser still sent a plain `quire_session`, a second
 * value that clears it), `quire_session` over http. `maxAgeSeconds`
 * defaults to a whole session; pass what is left of a slid session to keep
 * the browser's copy in step with the server's.
 */
export function sessionCookies(
  token: string,
  request: Request,
  maxAgeSeconds = Math.floor(SESSION_TTL_MS / 1000),
): string[] {
  if (!isHttps(request))
    return [`${SESSION_COOKIE}=${token}; ${cookieAttributes(request, maxAgeSeconds)}`];
  const cookies = [
    `${SECURE_SESSION_COOKIE}=${token}; ${cookieAttributes(request, maxAgeSeconds)}`,
  ];
  if (readCookie(request.headers.get("Cookie"), SESSION_COOKIE) !== undefined) {
    cookies.push(`${SESSION_COOKIE}=; ${cookieAttributes(request, 0)}`);
  }
  return cookies;
}

/** The Set-Cookie values that make the browser forget the session, under either name. */
export function clearedSessionCookies(request: Request): string[] {
  const names = isHttps(request) ? [SECURE_SESSION_COOKIE, SESSION_COOKIE] : [SESSION_COOKIE];
  return names.map((name) => `${name}=; ${cookieAttributes(request, 0)}`);
}
