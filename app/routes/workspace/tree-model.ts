import type { FileEntry, ProjectDetails } from "../../../shared/api/tree.ts";
import { buildTree, type TreeNode } from "../../lib/file-tree.ts";

/**
 * The file tree as the sidebar draws and drives it, without React: which
 * rows show (in the order the arrow keys walk them), which places a file or
 * folder can move to, and why a move is refused before it is sent.
 * Tested in tree-model.test.ts.
 */

/** A row of the tree: a project, a folder or a file. */
export type TreeItem =
  | { kind: "project"; key: string; projectId: string; name: string }
  | { kind: "folder"; key: string; projectId: string; path: string; name: string }
  | {
      kind: "file";
      key: string;
      projectId: string;
      path: string;
      name: string;
      fileId: string;
      /** Who holds the file's lock, as the tree last heard (see worker/document/lock-report.ts). */
      lock?: FileEntry["lock"];
    };

/** A row with where it sits: its depth (1 for projects) and the key of its parent row. */
export type VisibleRow = TreeItem & { level: number; parentKey: string | null };

/** What can be moved: a file or a folder. */
export type MovableItem = Extract<TreeItem, { kind: "file" | "folder" }>;

/** A place things can move into: a project's top level (`folder: ""`) or one of its folders. */
export interface Destination {
  projectId: string;
  projectName: string;
  folder: string;
}

/** The key of a project's row. */
export function projectKey(projectId: string): string {
  return `project:${projectId}`;
}

/** The key of a folder's row. */
export function folderKey(projectId: string, path: string): string {
  return `folder:${projectId}:${path}`;
}

/** The key of a file's row. */
export function fileKey(fileId: string): string {
  return `file:${fileId}`;
}

/** The row item of a tree node. */
export function itemOf(projectId: string, node: TreeNode): MovableItem {
  const { path, name } = node;
  return node.kind === "folder"
    ? { kind: "folder", key: folderKey(projectId, path), projectId, path, name }
    : {
        kind: "file",
        key: fileKey(node.file.id),
        projectId,
        path,
        name,
        fileId: node.file.id,
        lock: node.file.lock,
      };
}

/** The project's folders and files, nested, folders first (app/lib/file-tree.ts). */
export function projectNodes(project: ProjectDetails): TreeNode[] {
  return buildTree(project.files, project.folders);
}

/**
 * Every row that shows, top to bottom: projects, and inside each the folders
 * and files of every expanded row. `collapsed` holds the keys of closed rows.
 */
export function visibleRows(
  projects: readonly ProjectDetails[],
  collapsed: ReadonlySet<string>,
): VisibleRow[] {
  const rows: VisibleRow[] = [];
  const walk = (projectId: string, nodes: TreeNode[], level: number, parentKey: string) => {
    for (const node of nodes) {
      const item = itemOf(projectId, node);
      rows.push({ ...item, level, parentKey });
      if (node.kind === "folder" && !collapsed.has(item.key)) {
        walk(projectId, node.children, level + 1, item.key);
      }
    }
  };
  for (const project of projects) {
    const key = projectKey(project.id);
    rows.push({
      kind: "project",
      key,
      projectId: project.id,
      name: project.name,
      level: 1,
      parentKey: null,
    });
    if (!collapsed.has(key)) walk(project.id, projectNodes(project), 2, key);
  }
  return rows;
}

/** Every project's top level and every folder, explicit or implicit, in tree order. */
export function destinations(projects: readonly ProjectDetails[]): Destination[] {
  const found: Destination[] = [];
  const walk = (project: ProjectDetails, nodes: TreeNode[]) => {
    for (const node of nodes) {
      if (node.kind !== "folder") continue;
      found.push({ projectId: project.id, projectName: project.name, folder: node.path });
      walk(project, node.children);
    }
  };
  for (const project of projects) {
    found.push({ projectId: project.id, projectName: project.name, folder: "" });
    walk(project, projectNodes(project));
  }
  return found;
}

/** The key of the row a destination is: its project's or its folder's. */
export function destinationKey(destination: Destination): string {
  return destination.folder === ""
    ? projectKey(destination.projectId)
    : folderKey(destination.projectId, destination.folder);
}

/** The key of the row an item sits in (null for a project, at the top). */
export function parentKeyOf(item: TreeItem): string | null {
  if (item.kind === "project") return null;
  const folder = parentFolder(item.path);
  return folder === "" ? projectKey(item.projectId) : folderKey(item.projectId, folder);
}

/** The rows that must be open for something in `destination` to show: its project and folders. */
export function openPathTo(destination: Destination): string[] {
  const segments = splitPath(destination.folder);
  return [
    projectKey(destination.projectId),
    ...segments.map((_, index) =>
      folderKey(destination.projectId, segments.slice(0, index + 1).join("/")),
    ),
  ];
}

/** "Site" or "Site / docs / guides": a destination in words. */
export function destinationLabel(destination: Destination): string {
  return [destination.projectName, ...splitPath(destination.folder)].join(" / ");
}

/** The folder part of a path ("" at the project's top level). */
export function parentFolder(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash === -1 ? "" : path.slice(0, slash);
}

/** `name` inside `folder` ("" is the top level). */
export function pathIn(folder: string, name: string): string {
  return folder === "" ? name : `${folder}/${name}`;
}

/** The folder an item is in ("" at the top level of its project). */
export function folderOf(item: MovableItem): string {
  return parentFolder(item.path);
}

/** `path` with its last segment replaced by `name`: a rename. */
export function renamedPath(path: string, name: string): string {
  return pathIn(parentFolder(path), name);
}

function splitPath(path: string): string[] {
  return path === "" ? [] : path.split("/");
}

/**
 * Why `item` cannot move to `destination`, in words for the person, or
 * undefined if it can. Checked in the app so a refused drop or Move to…
 * says why at once; the server checks again.
 */
export function moveProblem(
  item: MovableItem,
  destination: Destination,
  projects: readonly ProjectDetails[],
): string | undefined {
  const label = destinationLabel(destination);
  if (item.projectId === destination.projectId && folderOf(item) === destination.folder) {
    return `${item.name} is already in ${label}.`;
  }
  if (
    item.kind === "folder" &&
    item.projectId === destination.projectId &&
    (destination.folder === item.path || destination.folder.startsWith(`${item.path}/`))
  ) {
    return `A folder cannot go inside itself.`;
  }
  const project = projects.find((candidate) => candidate.id === destination.projectId);
  if (project && takenIn(project, destination.folder, item.name)) {
    return `${label} already has something called ${item.name}.`;
  }
  return undefined;
}

/** Whether `folder` in `project` already holds a file or folder called `name`. */
function takenIn(project: ProjectDetails, folder: string, name: string): boolean {
  const path = pathIn(folder, name);
  return (
    project.files.some((file) => file.path === path || file.path.startsWith(`${path}/`)) ||
    project.folders.some((entry) => entry.path === path)
  );
}

/** The destination a row stands for when something is dropped on it: a file means its folder. */
export function dropDestination(
  row: TreeItem,
  projects: readonly ProjectDetails[],
): Destination | undefined {
  const project = projects.find((candidate) => candidate.id === row.projectId);
  if (!project) return undefined;
  const folder =
    row.kind === "project" ? "" : row.kind === "folder" ? row.path : parentFolder(row.path);
  return { projectId: project.id, projectName: project.name, folder };
}

/** The row's name as a person reads it: "docs/intro.md" in Site. */
export function describe(item: TreeItem): string {
  return item.kind === "project" ? item.name : item.path;
}

/** "docs and the 3 files in it go to the trash…": what a delete takes with it. */
export function deleteDescription(item: TreeItem, projects: readonly ProjectDetails[]): string {
  const project = projects.find((candidate) => candidate.id === item.projectId);
  const files =
    project?.files.filter(
      (file) =>
        item.kind === "project" ||
        (item.kind === "folder" && file.path.startsWith(`${item.path}/`)),
    ).length ?? 0;
  const what = item.kind === "folder" ? item.path : item.name;
  if (files === 0) return `${what} goes to the trash, where it can be restored for 30 days.`;
  const contents = files === 1 ? "the file" : `the ${files} files`;
  return `${what} and ${contents} in it go to the trash, where they can be restored for 30 days.`;
}
