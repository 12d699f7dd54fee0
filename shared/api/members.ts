import * as v from "valibot";
import { ID_SOURCE, isId } from "../ids.ts";
import { GRANTABLE_ROLES, ROLES, RoleSchema } from "../roles.ts";

/** A member of a workspace, as `GET /api/workspaces/:ws/members` lists them. */
export const Member = v.object({
  userId: v.string(),
  name: v.string(),
  color: v.string(),
  role: RoleSchema,
  joinedAt: v.number(),
});
export type Member = v.InferOutput<typeof Member>;

/** Someone an owner removed: they may come back only by a link made since, or an approved request. */
export const RemovedMember = v.object({
  userId: v.string(),
  name: v.string(),
  removedAt: v.number(),
  /** The owner who removed them. */
  removedBy: v.string(),
});
export type RemovedMember = v.InferOutput<typeof RemovedMember>;

/** `GET /api/workspaces/:ws/members`; `removed` is listed for owners only (empty for others). */
export const MemberList = v.object({ members: v.array(Member), removed: v.array(RemovedMember) });
export type MemberList = v.InferOutput<typeof MemberList>;

/** `PATCH /api/workspaces/:ws/members/:user`. */
export const RoleChangeBody = v.strictObject(
  { role: v.picklist(ROLES, `must be one of ${ROLES.join(", ")}`) },
  "must be an object with only a role",
);

/** The longest a share link may live: 30 days. */
export const MAX_INVITE_SECONDS = 30 * 24 * 60 * 60;

const GrantableRole = v.picklist(GRANTABLE_ROLES, `must be one of ${GRANTABLE_ROLES.join(", ")}`);

/**
 * `POST /api/workspaces/:ws/invites`: a link gives a role other than owner.
 * With `fileId`, it lands on that file after joining; with `anyone`, it
 * joins nobody: whoever has it reads that one file live, without signing in.
 */
export const InviteBody = v.pipe(
  v.strictObject(
    {
      role: GrantableRole,
      expiresInSeconds: v.optional(
        v.pipe(
          v.number("must be a number"),
          v.integer("must be a whole number of seconds"),
          v.minValue(60, "must be at least 60"),
          v.maxValue(MAX_INVITE_SECONDS, `must be at most ${MAX_INVITE_SECONDS} (30 days)`),
        ),
      ),
      fileId: v.optional(v.pipe(v.string("must be a file id"), v.check(isId, "must be a file id"))),
      anyone: v.optional(v.boolean("must be true or false")),
    },
    "must be an object with a role and optionally expiresInSeconds, fileId and anyone",
  ),
  v.check(
    (body) => !body.anyone || body.fileId !== undefined,
    "a link anyone can open shows one file: give its fileId",
  ),
  v.check(
    (body) => !body.anyone || body.role === "viewer",
    "a link anyone can open is for viewing: its role must be viewer",
  ),
);

export type InviteBody = v.InferOutput<typeof InviteBody>;

/** The file a link is about, as the link's page and its owner see it. */
export const LinkedFile = v.object({ id: v.string(), projectId: v.string(), path: v.string() });
export type LinkedFile = v.InferOutput<typeof LinkedFile>;

/** A share link as its owners see it. */
export const Invite = v.object({
  id: v.string(),
  role: v.picklist(GRANTABLE_ROLES),
  createdAt: v.number(),
  expiresAt: v.nullable(v.number()),
  revokedAt: v.nullable(v.number()),
  createdBy: v.object({ userId: v.string(), name: v.string() }),
  /** The whole link, to copy again; null for a link made before links were kept. */
  url: v.nullable(v.string()),
  /** The file it lands on (or, for an `anyone` link, the one file it shows); null if none or gone. */
  file: v.nullable(LinkedFile),
  /** Anyone with the link can view `file`, without signing in or joining. */
  anyone: v.boolean(),
  /** Who joined with it, first first. */
  joined: v.array(v.object({ userId: v.string(), name: v.string(), joinedAt: v.number() })),
  /** How many different visitors opened an `anyone` link (they are counted, not named). */
  visitors: v.number(),
});
export type Invite = v.InferOutput<typeof Invite>;

/** `GET /api/workspaces/:ws/invites`. */
export const InviteList = v.object({ invites: v.array(Invite) });

/** The answer to creating a link, with its token. */
export const CreatedInvite = v.object({ ...Invite.entries, token: v.string(), url: v.string() });
export type CreatedInvite = v.InferOutput<typeof CreatedInvite>;

/** `GET /api/invites/:token`: what the link offers, and who sent it, shown before anyone joins. */
export const InvitePreview = v.object({
  workspaceName: v.string(),
  role: RoleSchema,
  invitedBy: v.string(),
  file: v.nullable(LinkedFile),
  anyone: v.boolean(),
});
export type InvitePreview = v.InferOutput<typeof InvitePreview>;

/** `POST /api/invites/:token/accept`: where to go next (the linked file, if the link has one). */
export const AcceptedInvite = v.object({
  workspaceId: v.string(),
  role: RoleSchema,
  file: v.nullable(LinkedFile),
});
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
  /** Where the notice leads in the app (a mention: the file, at its thread). */
  link: v.optional(v.string()),
  /** Whether the person has seen it (issue 19: unread mentions are counted). */
  read: v.optional(v.boolean(), false),
});
export type InboxItem = v.InferOutput<typeof InboxItem>;

/** `POST /api/me/inbox/read`: marks these notices read, or every one when `ids` is left out. */
export const MarkReadBody = v.strictObject({
  ids: v.optional(v.pipe(v.array(v.pipe(v.number(), v.integer())), v.maxLength(100))),
});
export type MarkReadBody = v.InferOutput<typeof MarkReadBody>;

/** `GET /api/me/inbox`: newest first. */
export const Inbox = v.object({ inbox: v.array(InboxItem) });
