import * as v from "valibot";
import { CONTROL_CHARACTERS, invisibleProblem } from "../text.ts";

/**
 * The HTTP API's shapes for signing in (`/api/session`), with the valibot
 * schemas the Worker checks bodies with and the app can check forms with.
 */

/** The HttpOnly cookie that carries the opaque session token (over http: localhost). */
export const SESSION_COOKIE = "quire_session";

/**
 * Its name over https (issue 15.11): a `__Host-` cookie must be Secure, for
 * Path=/ and without a Domain, so no subdomain or plain-http page can set
 * one the Worker would take for Quire's. The plain name is still read, so
 * sessions from before the prefix go on until they are next sent again.
 */
export const SECURE_SESSION_COOKIE = "__Host-quire_session";

/** Longest display name, counted in code points so an emoji counts once. */
export const MAX_USER_NAME_LENGTH = 50;

/**
 * Cursor colours for people who do not choose one: mid-tone hues (Radix's
 * step 9) that stay readable as a caret on white and as a label background
 * behind white text, and that are far enough apart to tell eight people apart.
 */
export const USER_COLORS = [
  "#e5484d",
  "#f76b15",
  "#ca8a04",
  "#30a46c",
  "#12a594",
  "#0090ff",
  "#6e56cf",
  "#d6409f",
] as const;

/** A person as every other person sees them: next to their cursor and in member lists. */
export const User = v.object({ id: v.string(), name: v.string(), color: v.string() });
export type User = v.InferOutput<typeof User>;

/**
 * `GET`, `POST` and `PATCH /api/session`. `passkeys` counts the person's
 * passkeys (issue 18): 0 means a guest, whose identity is only this
 * browser's cookie, so signing out or clearing cookies loses it for good.
 * Optional on the wire so an older Worker's answer still parses.
 */
export const SessionResponse = v.object({ user: User, passkeys: v.optional(v.number(), 0) });
export type SessionResponse = v.InferOutput<typeof SessionResponse>;

/** Why `name` (already trimmed) is not a valid display name, or undefined if it is. */
export function userNameProblem(name: string): string | undefined {
  if (CONTROL_CHARACTERS.test(name)) return "must not contain control characters";
  if (name.length === 0) return "must not be empty";
  if ([...name].length > MAX_USER_NAME_LENGTH) {
    return `must be at most ${MAX_USER_NAME_LENGTH} characters`;
  }
  return invisibleProblem(name);
}

/**
 * A display name: control characters are refused wherever they are (before
 * trimming, which would quietly drop a trailing newline), then the name is
 * NFC-normalised, trimmed and checked for length.
 */
export const UserNameSchema = v.pipe(
  v.string("must be a string"),
  v.check((name) => !CONTROL_CHARACTERS.test(name), "must not contain control characters"),
  v.transform((name) => name.normalize("NFC").trim()),
  v.check(
    (name) => userNameProblem(name) === undefined,
    (issue) => userNameProblem(String(issue.input)) ?? "is invalid",
  ),
);

/** A colour as `#rrggbb`, stored lower-case. */
export const ColorSchema = v.pipe(
  v.string("must be a string"),
  v.regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour written "#rrggbb"'),
  v.toLowerCase(),
);

/**
 * Words for a body that is not the expected object. valibot reports a missing
 * field and an unknown one as issues of the object, with the field as path,
 * so those get their own words and the message still names the field.
 */
function objectMessage(shape: string) {
  return (issue: v.StrictObjectIssue): string => {
    if (issue.expected === "never") return "is not a field this request takes";
    if (issue.received === "undefined") return "is required";
    return `must be an object with ${shape}`;
  };
}

/** `POST /api/session`: sign in as a guest. */
export const SignInRequest = v.strictObject(
  { name: UserNameSchema, color: v.optional(ColorSchema) },
  objectMessage("a name and an optional color"),
);

/** `PATCH /api/session`: change the signed-in person's name or colour. */
export const UpdateProfileRequest = v.pipe(
  v.strictObject(
    { name: v.optional(UserNameSchema), color: v.optional(ColorSchema) },
    objectMessage("a name, a color, or both"),
  ),
  v.check(
    (body) => body.name !== undefined || body.color !== undefined,
    "give a name or a color to change",
  ),
);

export type SignInRequest = v.InferOutput<typeof SignInRequest>;
export type UpdateProfileRequest = v.InferOutput<typeof UpdateProfileRequest>;

/**
 * The palette colour for someone who chose none, picked by hashing `seed`
 * (their user id, FNV-1a) so it is the same every time it is worked out.
 */
export function defaultColor(seed: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    hash ^= seed.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return USER_COLORS[(hash >>> 0) % USER_COLORS.length]!;
}

/**
 * One of the person's sign-in sessions (`GET /api/me/sessions`, issue 18
 * item 3). `id` is a public name for the session, never its token or the
 * token's hash; `browser` is summarised from the User-Agent at sign-in
 * ("Chrome on Linux"); `lastSeenAt` moves at most once per
 * `SESSION_LAST_SEEN_INTERVAL_MS`; `current` marks the session asking.
 */
export const SessionInfo = v.object({
  id: v.string(),
  browser: v.string(),
  createdAt: v.number(),
  lastSeenAt: v.number(),
  current: v.boolean(),
});
export type SessionInfo = v.InferOutput<typeof SessionInfo>;

/** `GET /api/me/sessions`: this session first, then the others, most recently seen first. */
export const SessionList = v.object({ sessions: v.array(SessionInfo) });
export type SessionList = v.InferOutput<typeof SessionList>;
