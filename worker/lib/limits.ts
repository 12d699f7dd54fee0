import { ErrorCode } from "../../shared/errors.ts";
import { errorResponse, HttpError } from "./http.ts";
import { sessionToken } from "./auth.ts";
import { refuseSocket } from "./websocket-upgrade.ts";

/**
 * Quire's limits. Edge limits (Workers Rate Limiting, configured in
 * wrangler.jsonc) stop floods before any Durable Object is reached; creation
 * limits (a sliding window in a LimiterObject) stop anyone from making
 * objects without bound.
 */

const HOUR = 60 * 60 * 1000;

/** How many of each creation one subject may make per hour. */
export const CREATION_LIMITS = {
  "sign-in": { perHour: 60, subject: "ip", what: "guest sign-ins from this address" },
  workspace: { perHour: 50, subject: "user", what: "new workspaces" },
  project: { perHour: 200, subject: "user", what: "new projects" },
  file: { perHour: 1000, subject: "user", what: "new files and folders" },
  invite: { perHour: 100, subject: "user", what: "new share links" },
  // Passkeys and recovery codes (issue 18). Every answered sign-in counts,
  // right or wrong, from its address and, once the passkey or code names an
  // account, against that account too, so neither one address nor many
  // guessing at one person get far. A challenge is a row in a shard until it
  // expires, so handing them out is limited too.
  "sign-in-challenge": {
    perHour: 120,
    subject: "ip",
    what: "passkey sign-ins started from this address",
  },
  "sign-in-attempt": { perHour: 30, subject: "ip", what: "sign-in attempts from this address" },
  "account-sign-in": { perHour: 30, subject: "user", what: "sign-in attempts for this account" },
  passkey: { perHour: 20, subject: "user", what: "new passkeys" },
} as const;

export type CreationKind = keyof typeof CREATION_LIMITS;

/** The Rate Limiting binding's period (wrangler.jsonc), for Retry-After. */
const EDGE_PERIOD_SECONDS = 60;

/**
 * The client's address as Cloudflare reports it, an IPv6 address by its /64
 * ("unknown" where nobody set it: tests). One IPv6 host is usually given a
 * whole /64, so counting each of its 2^64 addresses apart would let it sign
 * in as a new guest from each (issue 15.11, worker/test/limits.test.ts).
 */
export function clientAddress(request: Request): string {
  const address = request.headers.get("CF-Connecting-IP") ?? "unknown";
  return address.includes(":") ? ipv6Prefix64(address) : address;
}

/**
 * The /64 an IPv6 address is in, as "2001:db8:1:2::/64": its first four
 * groups, written out ("::" expanded, leading zeros and case folded). An
 * IPv4-mapped address ("::ffff:192.0.2.1") is counted as its IPv4 address.
 * Anything that does not parse is counted as it is written.
 */
export function ipv6Prefix64(address: string): string {
  const lower = address.toLowerCase().replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return mapped[1]!;
  const halves = lower.split("::");
  if (halves.length > 2) return lower;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return lower;
  const groups = [...head, ...Array<string>(missing).fill("0"), ...tail];
  if (!groups.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return lower;
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

/**
 * The edge limit's key: the Cloudflare location (the binding counts per
 * location, https://developers.cloudflare.com/workers/runtime-apis/bindings/rate-limit/,
 * so the key says so; limits.test.ts counts two apart), then the session if the request carries a
 * well-formed one, else the address. A session stands for its person
 * without a lookup, which would reach a Durable Object.
 */
function edgeLimitKey(request: Request): string {
  const token = sessionToken(request);
  const where = colo(request);
  return token ? `${where}:session:${token}` : `${where}:ip:${clientAddress(request)}`;
}

function colo(request: Request): string {
  return (request.cf as { colo?: string } | undefined)?.colo ?? "local";
}

/**
 * Answers 429 (or, for a socket upgrade, a socket closed with 4429) when the
 * caller is over the edge limit, else undefined. Sockets have their own
 * budget: a reconnect storm should not lock someone out of the API.
 */
export async function checkEdgeLimit(request: Request, env: Env): Promise<Response | undefined> {
  const upgrade = request.headers.get("Upgrade")?.toLowerCase() === "websocket";
  const limiter = upgrade ? env.SOCKET_LIMITER : env.REQUEST_LIMITER;
  const { success } = await limiter.limit({ key: edgeLimitKey(request) });
  if (success) return undefined;
  const message = upgrade
    ? "Too many connections from this browser. Quire will retry by itself in a moment."
    : "Too many requests. Slow down and try again in a minute.";
  const headers = { "Retry-After": String(EDGE_PERIOD_SECONDS) };
  if (upgrade) return refuseSocket(new HttpError(429, ErrorCode.rateLimited, message, headers));
  return errorResponse(429, ErrorCode.rateLimited, message, headers);
}

/**
 * Charges a request whose well-formed session cookie named no session to its
 * address's edge budget, and refuses it with 429 past that budget. The edge
 * counted it by its cookie (it cannot tell a made-up one without a lookup),
 * so without this a fresh made-up cookie per request would escape the
 * address's limit (issue 15.4, worker/test/anonymous-storage.test.ts).
 */
export async function chargeUnknownSession(request: Request, env: Env): Promise<void> {
  const upgrade = request.headers.get("Upgrade")?.toLowerCase() === "websocket";
  const limiter = upgrade ? env.SOCKET_LIMITER : env.REQUEST_LIMITER;
  const { success } = await limiter.limit({ key: `${colo(request)}:ip:${clientAddress(request)}` });
  if (success) return;
  throw new HttpError(
    429,
    ErrorCode.rateLimited,
    "Too many requests from this address without a valid session. Sign in again in a minute.",
    { "Retry-After": String(EDGE_PERIOD_SECONDS) },
  );
}

/**
 * Counts one creation of `kind` against its subject's hourly window; throws
 * 429 with Retry-After when the window is full (and nothing is created).
 */
export async function takeCreation(
  env: Env,
  kind: CreationKind,
  subject: { userId?: string; request: Request },
): Promise<void> {
  const limit = CREATION_LIMITS[kind];
  const name =
    limit.subject === "user" ? `user:${subject.userId}` : `ip:${clientAddress(subject.request)}`;
  const limiter = env.LIMITERS.get(env.LIMITERS.idFromName(name));
  const decision = await limiter.take(kind, limit.perHour, HOUR);
  if (decision.ok) return;
  throw new HttpError(
    429,
    ErrorCode.rateLimited,
    `Too many ${limit.what}: at most ${limit.perHour} an hour. Try again in ${minutes(decision.retryAfterSeconds)}.`,
    { "Retry-After": String(decision.retryAfterSeconds) },
  );
}

function minutes(seconds: number): string {
  const whole = Math.ceil(seconds / 60);
  return whole <= 1 ? "a minute" : `${whole} minutes`;
}
