import type { TrashEntry } from "../../shared/api/tree.ts";

/**
 * What the workspace page says when the address names a file that neither
 * the tree nor the trash lists (`GoneFile` words the trash's own cases), as
 * truthfully as the page knows (issue 12 item 7): a file this page saw was
 * deleted; an id it never saw is no such file, not "moved to the trash";
 * and offline the tree is only this browser's last copy, so a file it has
 * not seen may still exist.
 */
export function missingFileText(file: {
  /** The file's path while this page saw it, if it did. */
  seenPath?: string;
  projectId?: string;
  trash: readonly TrashEntry[];
  online: boolean;
}): string {
  if (file.seenPath) return `${file.seenPath} is not here any more: it was deleted.`;
  if (!file.online) return "You are offline, and this browser has not seen this file yet.";
  // A file that went with its folder is listed as the folder only.
  if (file.trash.some((entry) => entry.kind === "folder" && entry.projectId === file.projectId))
    return "There is no such file in this workspace, unless it is in a folder in the trash.";
  return "There is no such file in this workspace.";
}
