import * as v from "valibot";
import { isId } from "../ids.ts";
import { GRANTABLE_ROLES } from "../roles.ts";
import { LinkedFile } from "./members.ts";

/**
 * Asking for access (issue 12 item 3) and reading a file by a link anyone
 * can open (issue 12 item 2): the shapes both sides agree on.
 */

/** `POST /api/workspaces/:ws/access-requests`: optionally the file the person tried to open. */
export const AccessRequestBody = v.strictObject(
  {
    fileId: v.optional(v.pipe(v.string("must be a file id"), v.check(isId, "must be a file id"))),
  },
  "must be an object with optionally a fileId",
);
export type AccessRequestBody = v.InferOutput<typeof AccessRequestBody>;

/** The caller's own request: whether it waits for an answer, and since when. */
export const MyAccessRequest = v.object({
  pending: v.boolean(),
  requestedAt: v.nullable(v.number()),
});
export type MyAccessRequest = v.InferOutput<typeof MyAccessRequest>;

/** A request as owners see it. */
export const AccessRequest = v.object({
  userId: v.string(),
  name: v.string(),
  color: v.string(),
  requestedAt: v.number(),
  /** The file they tried to open, if it is still there. */
  file: v.nullable(LinkedFile),
});
export type AccessRequest = v.InferOutput<typeof AccessRequest>;

/** `GET /api/workspaces/:ws/access-requests` (owners). */
export const AccessRequestList = v.object({ requests: v.array(AccessRequest) });

/** `POST /api/workspaces/:ws/access-requests/:user/approve`: the role to give. */
export const ApproveBody = v.strictObject(
  { role: v.picklist(GRANTABLE_ROLES, `must be one of ${GRANTABLE_ROLES.join(", ")}`) },
  "must be an object with only a role",
);

/** `GET /api/view/:token`: the one file a link anyone can open shows, read-only. */
export const VisitorView = v.object({
  workspaceName: v.string(),
  sharedBy: v.string(),
  file: LinkedFile,
});
export type VisitorView = v.InferOutput<typeof VisitorView>;

/** A visitor's id in a document's awareness: counted by the app, never shown as a person. */
export const VISITOR_ID_PREFIX = "visitor:";
