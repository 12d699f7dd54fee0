import type { PresentMember } from "../../shared/api/tree.ts";

/**
 * The file → people map after one person's presence event: they leave every
 * file, then join `fileIds`; each file's list stays ordered by name, as the
 * server orders it.
 */
export function withPresence(
  presence: Record<string, PresentMember[]>,
  member: PresentMember,
  fileIds: readonly string[],
): Record<string, PresentMember[]> {
  const next: Record<string, PresentMember[]> = {};
  for (const [fileId, people] of Object.entries(presence)) {
    const others = people.filter((person) => person.userId !== member.userId);
    if (others.length > 0) next[fileId] = others;
  }
  for (const fileId of fileIds) {
    next[fileId] = [...(next[fileId] ?? []), member].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  }
  return next;
}
