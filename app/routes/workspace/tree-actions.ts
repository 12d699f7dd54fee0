import { useMemo } from "react";
import { toast } from "sonner";
import { contract } from "../../../shared/api/contract.ts";
import { api, downloadUrl } from "../../lib/api.ts";
import { filePagePath } from "../match-route.ts";
import {
  pathIn,
  renamedPath,
  type Destination,
  type MovableItem,
  type TreeItem,
} from "./tree-model.ts";

/**
 * What the file tree can do, as API calls: the ⋯ menu, the context menu,
 * drag and drop and Move to… all call these, so each action is written once.
 * They throw `ApiError` with the server's sentence; the caller shows it where
 * the person is looking (beside the field, in the dialog, or in a toast).
 */
export interface TreeActions {
  /** Resolves to the new project's id. */
  createProject(name: string): Promise<string>;
  createFolder(projectId: string, path: string): Promise<void>;
  /** Resolves to the new file's page. */
  createFile(projectId: string, path: string): Promise<string>;
  rename(item: TreeItem, name: string): Promise<void>;
  move(item: MovableItem, destination: Destination): Promise<void>;
  /** To the trash; a file's toast offers Undo. */
  trash(item: TreeItem): Promise<void>;
  /** The address of a file's page, or undefined for rows without one. */
  linkOf(item: TreeItem): string | undefined;
  copyLink(item: TreeItem): Promise<void>;
  /** Where a file's text or a project's zip downloads from; undefined for a folder. */
  downloadOf(item: TreeItem): string | undefined;
}

/** The tree's actions in workspace `ws`. */
export function useTreeActions(ws: string): TreeActions {
  return useMemo(() => treeActions(ws), [ws]);
}

function treeActions(ws: string): TreeActions {
  const linkOf = (item: TreeItem) =>
    item.kind === "file"
      ? new URL(filePagePath(ws, item.projectId, item.fileId), window.location.origin).href
      : undefined;
  return {
    async createProject(name) {
      const project = await api.createProject({ params: { ws }, body: { name } });
      return project.id;
    },
    async createFolder(projectId, path) {
      await api.createFolder({ params: { ws, project: projectId }, body: { path } });
    },
    async createFile(projectId, path) {
      const file = await api.createFile({ params: { ws, project: projectId }, body: { path } });
      return filePagePath(ws, projectId, file.id);
    },
    async rename(item, name) {
      const project = { ws, project: item.projectId };
      if (item.kind === "project") {
        await api.renameProject({ params: project, body: { name } });
      } else if (item.kind === "folder") {
        await api.moveFolder({
          params: { ...project, path: item.path },
          body: { path: renamedPath(item.path, name) },
        });
      } else {
        await api.moveFile({
          params: { ...project, file: item.fileId },
          body: { path: renamedPath(item.path, name) },
        });
      }
    },
    async move(item, destination) {
      const project = { ws, project: item.projectId };
      const path = pathIn(destination.folder, item.name);
      if (destination.projectId !== item.projectId) {
        // To another project: the file keeps its id, so its document and address go with it.
        const moved = await api.moveToProject({
          params: project,
          body:
            item.kind === "folder"
              ? { folder: item.path, project: destination.projectId, path }
              : { file: item.fileId, project: destination.projectId, path },
        });
        if (moved.left.length > 0) {
          throw new Error(
            `${moved.moved} moved; these stayed, as their places there are taken: ${moved.left.join(", ")}.`,
          );
        }
      } else if (item.kind === "folder") {
        await api.moveFolder({ params: { ...project, path: item.path }, body: { path } });
      } else {
        await api.moveFile({ params: { ...project, file: item.fileId }, body: { path } });
      }
    },
    async trash(item) {
      const project = { ws, project: item.projectId };
      if (item.kind === "project") {
        await api.trashProject({ params: project });
        toast(`Project ${item.name} moved to the trash.`, {
          action: {
            label: "Undo",
            onClick: () => void undo(() => api.restoreProject({ params: project }), item.name),
          },
        });
      } else if (item.kind === "folder") {
        await api.trashFolder({ params: { ...project, path: item.path } });
        toast(`Folder ${item.path} and everything in it moved to the trash.`, {
          description: "Restore it from the trash for 30 days.",
        });
      } else {
        const file = { ...project, file: item.fileId };
        await api.trashFile({ params: file });
        toast(`${item.path} moved to the trash.`, {
          action: {
            label: "Undo",
            onClick: () => void undo(() => api.restoreFile({ params: file }), item.path),
          },
        });
      }
    },
    linkOf,
    async copyLink(item) {
      const link = linkOf(item);
      if (!link) return;
      try {
        await navigator.clipboard.writeText(link);
        toast("Link copied.", { description: link });
      } catch {
        // Clipboard refused (permissions, an insecure page): show the link to copy by hand.
        toast("Copy this link:", { description: link, duration: 15_000 });
      }
    },
    downloadOf(item) {
      const project = { ws, project: item.projectId };
      if (item.kind === "project") return downloadUrl(contract.exportProject, project);
      if (item.kind === "file") {
        return downloadUrl(contract.exportFile, { ...project, file: item.fileId });
      }
      return undefined;
    },
  };
}

async function undo(restore: () => Promise<unknown>, what: string): Promise<void> {
  try {
    await restore();
    toast(`${what} is back.`);
  } catch (error) {
    toast.error(error instanceof Error ? error.message : `${what} could not be restored.`);
  }
}
