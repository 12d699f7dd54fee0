import type { ProjectDetails } from "../../../shared/api/tree.ts";
import type { MenuEntry } from "../../components/menu.tsx";
import { startDownload } from "../../lib/download.ts";
import type { TreeActions } from "./tree-actions.ts";
import {
  dropDestination,
  type Destination,
  type MovableItem,
  type TreeItem,
} from "./tree-model.ts";

/** What a row's menu needs from the tree. */
export interface RowMenuContext {
  writable: boolean;
  /** Owners may also delete projects (issue 12 item 5: a project takes every file in it). */
  owner: boolean;
  actions: TreeActions;
  projects: readonly ProjectDetails[];
  onCreate: (kind: "file" | "folder", destination: Destination) => void;
  onRename: () => void;
  onMove: (item: MovableItem) => void;
  onDelete: (item: TreeItem) => void;
}

/**
 * A row's commands, for its ⋯ menu and its context menu alike: New file and
 * New folder (projects and folders), Rename, Move to… (files and folders),
 * Copy link (files), Download (files; a project as a zip), Delete. Viewers
 * get only what reads.
 */
export function rowMenu(item: TreeItem, context: RowMenuContext): MenuEntry[] {
  const { writable, actions, projects } = context;
  const download = actions.downloadOf(item);
  const place = dropDestination(item, projects);
  const create: MenuEntry[] =
    writable && item.kind !== "file" && place
      ? [
          { label: "New file", onSelect: () => context.onCreate("file", place) },
          { label: "New folder", onSelect: () => context.onCreate("folder", place) },
        ]
      : [];
  const edit: MenuEntry[] = [];
  if (writable) {
    edit.push({ label: "Rename", shortcut: "F2", onSelect: context.onRename });
    if (item.kind !== "project") {
      edit.push({ label: "Move to…", onSelect: () => context.onMove(item) });
    }
  }
  if (actions.linkOf(item)) {
    edit.push({ label: "Copy link", onSelect: () => void actions.copyLink(item) });
  }
  if (download) {
    edit.push({
      label: item.kind === "project" ? "Download as zip" : "Download",
      onSelect: () => startDownload(download),
    });
  }
  const remove: MenuEntry[] =
    writable && (item.kind !== "project" || context.owner)
      ? [
          {
            label: "Delete",
            shortcut: "Del",
            destructive: true,
            onSelect: () => context.onDelete(item),
          },
        ]
      : [];
  return [create, edit, remove]
    .filter((group) => group.length > 0)
    .flatMap((group, index) => (index === 0 ? group : ["separator" as const, ...group]));
}
