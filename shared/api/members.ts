import * as v from "valibot";
import { ID_SOURCE } from "../ids.ts";
import { ROLES, RoleSchema } from "../roles.ts";

/** A member of a workspace, as `GET /api/workspaces/:ws/members` lists them. */
export const Member = v.object({
  userId: v.string(),
  name: v.string(),
  color: v.string(),
  role: RoleSchema,
  joinedAt: v.number(),
});
export type Member = v.InferOutput<typeof Member>;

/** `GET /api/workspaces/:ws/members`. */
export const MemberList = v.object({ members: v.array(Member) });

/** `PATCH /api/workspaces/:ws/members/:user`. */
export const RoleChangeBody = v.strictObject(
  { role: v.picklist(ROLES, `must be one of ${ROLES.join(", ")}`) },
  "must be an object with only a role",
);

/** The longest a share link may live: 30 days. */
export const MAX_INVITE_SECONDS = 30 * 24 * 60 * 60;

/** `POST /api/workspaces/:ws/invites`: a link gives editor or viewer rights, never owner. */
export const InviteBody = v.strictObject(
  {
    role: v.picklist(["editor", "viewer"], "must be editor or viewer"),
    expiresInSeconds: v.optional(
      v.pipe(
        v.number("must be a number"),
        v.integer("must be a whole number of seconds"),
        v.minValue(60, "must be at least 60"),
        v.maxValue(MAX_INVITE_SECONDS, `must be at most ${MAX_INVITE_SECONDS} (30 days)`),
      ),
    ),
  },
  "must be an object with a role and optionally expiresInSeconds",
);

export type InviteBody = v.InferOutput<typeof InviteBody>;

/** A share link as its owner sees it. The token itself is shown only once, at creation. */
export const Invite = v.object({
  id: v.string(),
  role: v.picklist(["editor", "viewer"]),
  createdAt: v.number(),
  expiresAt: v.nullable(v.number()),
  revokedAt: v.nullable(v.number()),
});
export type Invite = v.InferOutput<typeof Invite>;

/** `GET /api/workspaces/:ws/invites`. */
export const InviteList = v.object({ invites: v.array(Invite) });

/** The answer to creating a link: the only time the token (and so the URL) is known. */
export const CreatedInvite = v.object({ ...Invite.entries, token: v.string(), url: v.string() });
export type CreatedInvite = v.InferOutput<typeof CreatedInvite>;

/** `GET /api/invites/:token`: what the link offers, shown before anyone joins. */
export const InvitePreview = v.object({ workspaceName: v.string(), role: RoleSchema });
export type InvitePreview = v.InferOutput<typeof InvitePreview>;

/** `POST /api/invites/:token/accept`. */
export const AcceptedInvite = v.object({ workspaceId: v.string(), role: RoleSchema });
export type AcceptedInvite = v.InferOutput<typeof AcceptedInvite>;

/**
 * A share-link token is "<workspaceId>.<secret>": the Worker routes it
 * straight to its workspace (no lookup table), which compares the secret's
 * hash. The secret is 32 random bytes.
 */
export const INVITE_TOKEN_PATTERN = new RegExp(`^(${ID_SOURCE})\\.([A-Za-z0-9_-]{43})$`);

/** One notification in a person's inbox. */
export const InboxItem = v.object({
  id: v.number(),
  text: v.string(),
  workspaceId: v.string(),
  at: v.number(),
});
export type InboxItem = v.InferOutput<typeof InboxItem>;

/** `GET /api/me/inbox`: newest first. */
export const Inbox = v.object({ inbox: v.array(InboxItem) });
