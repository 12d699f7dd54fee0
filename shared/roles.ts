import * as v from "valibot";

/** Workspace roles, strongest first. Projects and files inherit the workspace's. */
export const ROLES = ["owner", "editor", "viewer"] as const;

export type Role = (typeof ROLES)[number];

/** A role in an API answer. */
export const RoleSchema = v.picklist(ROLES);

/** True when `role` may change documents and the tree. */
export function canWrite(role: Role): boolean {
  return role === "owner" || role === "editor";
}
