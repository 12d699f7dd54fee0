import * as v from "valibot";

/**
 * Workspace roles, strongest first. Projects and files inherit the
 * workspace's. A new role is added here, in `ROLES`,
 * `GRANTABLE_ROLES` if links may give it, and `ROLE_WORDS`; the schemas,
 * the role pickers and the sentences that name roles all read these.
 */
export const ROLES = ["owner", "editor", "commenter", "viewer"] as const;

export type Role = (typeof ROLES)[number];

/** The roles a share link or an approved access request may give: all but owner. */
export const GRANTABLE_ROLES = ["editor", "commenter", "viewer"] as const satisfies readonly Role[];

export type GrantableRole = (typeof GRANTABLE_ROLES)[number];

/** A role in an API answer. */
export const RoleSchema = v.picklist(ROLES);

/** How the app names each role: as a person ("an editor") and as what it allows ("Can edit"). */
export const ROLE_WORDS: Record<Role, { title: string; person: string; ability: string }> = {
  owner: { title: "Owner", person: "an owner", ability: "Can manage" },
  editor: { title: "Editor", person: "an editor", ability: "Can edit" },
  commenter: { title: "Commenter", person: "a commenter", ability: "Can comment" },
  viewer: { title: "Viewer", person: "a viewer", ability: "Can view" },
};

/** True when `role` may change documents and the tree. */
export function canWrite(role: Role): boolean {
  return role === "owner" || role === "editor";
}

/**
 * True when `role` may comment (issue 19): everyone but viewers. A
 * commenter reads and comments and, like a viewer, never changes the text.
 */
export function canComment(role: Role): boolean {
  return role !== "viewer";
}

/** The stronger of two roles. */
export function strongerRole(a: Role, b: Role): Role {
  return ROLES.indexOf(a) <= ROLES.indexOf(b) ? a : b;
}
