import type { WorkspaceDetails } from "../../shared/api/tree.ts";

/**
 * What the workspace page says when the address names a file the tree does
 * not list, as truthfully as the tree allows: in the trash (the file, its
 * folder or its project), or no such file at all. Offline, the tree is this
 * browser's last copy, so a file it has not seen may still exist.
 */
export function missingFileText(
  workspace: Pick<WorkspaceDetails, "projects" | "trash">,
  projectId: string | undefined,
  fileId: string,
  online: boolean,
): string {
  const trash = workspace.trash;
  if (trash.some((entry) => entry.kind === "file" && entry.id === fileId))
    return "This file is not here any more: it is in the trash.";
  const project = trash.find((entry) => entry.kind === "project" && entry.id === projectId);
  if (project)
    return `This file is not here any more: its project ${project.label} is in the trash.`;
  if (!online) return "You are offline, and this browser has not seen this file yet.";
  // A file that went with its folder is listed as the folder only.
  if (trash.some((entry) => entry.kind === "folder" && entry.projectId === projectId))
    return "There is no such file in this workspace, unless it is in a folder in the trash.";
  return "There is no such file in this workspace.";
}
