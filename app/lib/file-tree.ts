import type { FileEntry, FolderEntry } from "../../shared/api/tree.ts";

/** A folder or a file in a project's tree, as the sidebar draws it. */
export type TreeNode =
  | { kind: "folder"; name: string; path: string; children: TreeNode[] }
  | { kind: "file"; name: string; path: string; file: FileEntry };

/**
 * Builds the nested tree from flat paths: folders exist explicitly (created
 * empty) or implicitly (as the parents of files). Folders first, then files,
 * each sorted by name.
 */
export function buildTree(
  files: readonly FileEntry[],
  folders: readonly FolderEntry[],
): TreeNode[] {
  const root: TreeNode[] = [];
  const foldersByPath = new Map<string, TreeNode[]>([["", root]]);

  const folderChildren = (path: string): TreeNode[] => {
    const existing = foldersByPath.get(path);
    if (existing) return existing;
    const slash = path.lastIndexOf("/");
    const parent = folderChildren(slash === -1 ? "" : path.slice(0, slash));
    const children: TreeNode[] = [];
    parent.push({ kind: "folder", name: path.slice(slash + 1), path, children });
    foldersByPath.set(path, children);
    return children;
  };

  for (const folder of folders) folderChildren(folder.path);
  for (const file of files) {
    const slash = file.path.lastIndexOf("/");
    folderChildren(slash === -1 ? "" : file.path.slice(0, slash)).push({
      kind: "file",
      name: file.path.slice(slash + 1),
      path: file.path,
      file,
    });
  }
  const sort = (nodes: TreeNode[]) => {
    nodes.sort((a, b) =>
      a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === "folder" ? -1 : 1,
    );
    for (const node of nodes) if (node.kind === "folder") sort(node.children);
  };
  sort(root);
  return root;
}
