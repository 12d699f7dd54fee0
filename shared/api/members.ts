import * as v from "valibot";
import { ID_SOURCE } from "../ids.ts";
import { ROLES, type Role } from "../roles.ts";

/** A member of a workspace, as `GET /api/workspaces/:ws/members` lists them. */
export interface Member {
  userId: string;
  name: string;
  color: string;
  role: Role;
  joinedAt: number;
}

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
export interface Invite {
  id: string;
  role: "editor" | "viewer";
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
}

/** The answer to creating a link: the only time the token (and so the URL) is known. */
export interface CreatedInvite extends Invite {
  token: string;
  url: string;
}

/** `POST /api/invites/:token/accept`. */
export interface AcceptedInvite {
  workspaceId: string;
  role: Role;
}

/**
 * A share-link token is "<workspaceId>.<secret>": the Worker routes it
 * straight to its workspace (no lookup table), which compares the secret's
 * hash. The secret is 32 random bytes.
 */
export const INVITE_TOKEN_PATTERN = new RegExp(`^(${ID_SOURCE})\\.([A-Za-z0-9_-]{43})$`);

/** One notification in a person's inbox. */
export interface InboxItem {
  id: number;
  text: string;
  workspaceId: string;
  at: number;
}
