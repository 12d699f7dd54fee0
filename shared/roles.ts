/** Workspace roles, strongest first. Projects and files inherit the workspace's. */
export const ROLES = ["owner", "editor", "viewer"] as const;

export type Role = (typeof ROLES)[number];

/** True when `role` may change documents and the tree. */
export function canWrite(role: Role): boolean {
  return role === "owner" || role === "editor";
}
