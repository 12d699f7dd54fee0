import * as v from "valibot";
import { type Parsed, parseJson } from "../../shared/api/endpoint.ts";
import { User } from "../../shared/api/session.ts";
import { isId } from "../../shared/ids.ts";
import { RoleSchema } from "../../shared/roles.ts";

/**
 * What the Worker has established about a caller before it hands a socket
 * upgrade to a Durable Object (the one call that cannot be RPC): who they
 * are, from the session, and, inside a workspace, where and as what they
 * were let in. It travels as one header of schema-checked JSON; only this
 * Worker reaches the objects, and it always sets the header itself, over
 * anything the browser sent. An object refuses a request without a valid
 * grant (fail closed). grant.test.ts checks both ends.
 */

/** The header. JSON is percent-encoded in it: header values carry only Latin-1, names do not. */
const GRANT_HEADER = "X-Quire-Grant";

const IdSchema = v.pipe(v.string(), v.check(isId, "must be an id"));

const Grant = v.strictObject({
  version: v.literal(1),
  /** The signed-in person, as the session says: stamped on their cursor, whatever the tab claims. */
  user: v.strictObject(User.entries),
  /**
   * The session's token hash: signing out closes the sockets it opened.
   * Absent only for a visitor of an anyone-can-view link, who has no session
   * (so nothing reports their presence to a user object).
   */
  sessionHash: v.optional(
    v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, "must be a SHA-256 in hex")),
  ),
  /** Where the socket lives and the role the workspace gave the caller there (absent for the person's own socket). */
  access: v.optional(
    v.strictObject({ workspaceId: IdSchema, role: RoleSchema, fileId: v.optional(IdSchema) }),
  ),
});

export type Grant = v.InferOutput<typeof Grant>;

/** A copy of `request` carrying `grant`, for `stub.fetch`. */
export function withGrant(request: Request, grant: Omit<Grant, "version">): Request {
  const granted = new Request(request);
  const value: Grant = { version: 1, ...grant };
  granted.headers.set(GRANT_HEADER, encodeURIComponent(JSON.stringify(value)));
  return granted;
}

/** The grant a request carries, checked, or why there is none that holds. */
export function readGrant(request: Request): Parsed<Grant> {
  const header = request.headers.get(GRANT_HEADER);
  if (header === null) return { ok: false, problem: "no grant from the Worker" };
  let json: string;
  try {
    json = decodeURIComponent(header);
  } catch {
    return { ok: false, problem: "the grant is not percent-encoded" };
  }
  return parseJson(Grant, json);
}
