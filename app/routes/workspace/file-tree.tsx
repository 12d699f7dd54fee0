import {
  useEffect,
  useImperativeHandle,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type Ref,
} from "react";
import { toast } from "sonner";
import type { PresentMember, ProjectDetails } from "../../../shared/api/tree.ts";
import { nameProblem } from "../../../shared/api/tree.ts";
import { ConfirmDialog } from "../../components/dialog.tsx";
import type { MenuEntry } from "../../components/menu.tsx";
import { FILE_TREE_ID, focusEditor, MAIN_ID, requestEditorFocus } from "../../lib/focus.ts";
import { navigate } from "../../lib/router.ts";
import { filePagePath } from "../match-route.ts";
import "./file-tree.css";
import { MoveDialog } from "./move-dialog.tsx";
import { NameField } from "./name-field.tsx";
import type { TreeActions } from "./tree-actions.ts";
import {
  deleteDescription,
  destinationLabel,
  fileKey,
  folderKey,
  itemOf,
  destinationKey,
  openPathTo,
  parentKeyOf,
  pathIn,
  projectKey,
  projectNodes,
  renamedPath,
  visibleRows,
  type Destination,
  type MovableItem,
  type TreeItem,
} from "./tree-model.ts";
import { useTreeDrag } from "./tree-drag.ts";
import { rowMenu } from "./tree-menu.ts";
import { TreeRow } from "./tree-row.tsx";
import type { TreeNode } from "../../lib/file-tree.ts";

/** Props of `FileTree`. */
export interface FileTreeProps {
  workspaceId: string;
  projects: readonly ProjectDetails[];
  presence: Readonly<Record<string, readonly PresentMember[]>>;
  openFileId?: string;
  writable: boolean;
  /** Owners may also delete projects; editors files and folders. */
  owner: boolean;
  actions: TreeActions;
  /** Opens the New file or New folder field for a place (the sidebar shows it). */
  onCreate: (kind: "file" | "folder", destination: Destination) => void;
  /** The row whose place New file and New folder use, as it moves. */
  onCurrentChange: (item: TreeItem | undefined) => void;
  /** Lets the sidebar reveal and focus a row it created. */
  handle?: Ref<FileTreeHandle>;
}

/** What the sidebar can ask of the tree. */
export interface FileTreeHandle {
  /**
   * Opens `within`'s project and folders, and focuses row `key` once the
   * server's tree has it there (`within` null: a project, at the top).
   */
  reveal: (key: string, within: Destination | null) => void;
}

/**
 * The workspace's projects, folders and files as one ARIA tree: one Tab stop;
 * the arrow keys move, open and close; Enter opens a file (and puts the caret
 * in it); F2 renames; Delete moves to the trash; Shift+F10 or the menu key
 * opens the row's menu, which also has Move to…. Rows can be dragged onto a
 * folder or project. Checked in e2e/file-tree.spec.ts.
 */
export function FileTree({
  workspaceId,
  projects,
  presence,
  openFileId,
  writable,
  owner,
  actions,
  onCreate,
  onCurrentChange,
  handle,
}: FileTreeProps) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [focusedKey, setFocusedKey] = useState<string | undefined>();
  const [renaming, setRenaming] = useState<string | undefined>();
  const [menuKey, setMenuKey] = useState<string | undefined>();
  const [moving, setMoving] = useState<MovableItem | undefined>();
  const [deleting, setDeleting] = useState<TreeItem | undefined>();
  const treeRef = useRef<HTMLUListElement>(null);
  // A row to focus when it appears: after a rename, a move or a create the
  // tree redraws from the server's next report, a moment later.
  const pendingFocus = useRef<{ key: string; parentKey: string | null } | undefined>(undefined);

  const rows = useMemo(() => visibleRows(projects, collapsed), [projects, collapsed]);
  const openKey = openFileId ? fileKey(openFileId) : undefined;
  // The Tab stop: the focused row while it exists, else the open file, else the first row.
  const tabStop =
    rows.find((row) => row.key === focusedKey)?.key ??
    rows.find((row) => row.key === openKey)?.key ??
    rows[0]?.key;
  const current = rows.find((row) => row.key === tabStop);
  const { dragFor, onTreeDragLeave } = useTreeDrag({
    projects,
    writable,
    onDrop: (item, destination) =>
      move(item, destination).catch((error: unknown) =>
        toast.error(error instanceof Error ? error.message : `${item.name} could not be moved.`),
      ),
  });

  useEffect(() => onCurrentChange(current), [current, onCurrentChange]);

  useImperativeHandle(handle, () => ({ reveal }));

  useEffect(() => {
    // The row must be in its new place: a moved file keeps its key, and shows
    // in its old folder until the server's report comes.
    const pending = pendingFocus.current;
    if (!pending) return;
    const arrived = rows.some(
      (row) => row.key === pending.key && row.parentKey === pending.parentKey,
    );
    if (!arrived) return;
    pendingFocus.current = undefined;
    focusRow(pending.key);
  }, [rows]);

  function focusRow(key: string) {
    setFocusedKey(key);
    treeRef.current?.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`)?.focus();
  }

  function reveal(key: string, within: Destination | null) {
    if (within) {
      const path = openPathTo(within);
      setCollapsed((now) => new Set([...now].filter((closed) => !path.includes(closed))));
    }
    pendingFocus.current = { key, parentKey: within ? destinationKey(within) : null };
  }

  function toggle(key: string, open?: boolean) {
    setCollapsed((now) => {
      const next = new Set(now);
      const willOpen = open ?? next.has(key);
      if (willOpen) next.delete(key);
      else next.add(key);
      return next;
    });
  }

  function open(item: TreeItem, withKeyboard: boolean) {
    if (item.kind !== "file") return toggle(item.key);
    if (withKeyboard) requestEditorFocus();
    const path = filePagePath(workspaceId, item.projectId, item.fileId);
    if (path === window.location.pathname) {
      if (withKeyboard) focusEditor();
      return;
    }
    navigate(path);
  }

  function entriesFor(item: TreeItem): MenuEntry[] {
    return rowMenu(item, {
      writable,
      owner,
      actions,
      projects,
      onCreate,
      onRename: () => setRenaming(item.key),
      onMove: setMoving,
      onDelete: deleteItem,
    });
  }

  function deleteItem(item: TreeItem) {
    // A file goes at once (its toast offers Undo); a folder or project takes its
    // contents with it, so it asks first.
    if (item.kind === "file") void trashNow(item);
    else setDeleting(item);
  }

  async function trashNow(item: TreeItem) {
    const index = rows.findIndex((row) => row.key === item.key);
    const neighbour = rows[index + 1] ?? rows[index - 1];
    try {
      await actions.trash(item);
      if (neighbour) focusRow(neighbour.key);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : `${item.name} could not be deleted.`);
    }
  }

  async function move(item: MovableItem, destination: Destination) {
    await actions.move(item, destination);
    const path = pathIn(destination.folder, item.name);
    toast(`Moved ${item.name} to ${destinationLabel(destination)}.`);
    // Focus follows the item to its new place, opened to show it.
    reveal(item.kind === "file" ? item.key : folderKey(destination.projectId, path), destination);
  }

  function onKeyDown(event: KeyboardEvent<HTMLLIElement>) {
    if (event.target !== event.currentTarget) return;
    const index = rows.findIndex((row) => row.key === event.currentTarget.dataset.key);
    const row = rows[index];
    if (!row) return;
    const expandable = row.kind !== "file";
    const isOpen = expandable && !collapsed.has(row.key);
    const go = (target: (typeof rows)[number] | undefined) => {
      if (target) focusRow(target.key);
    };
    let handled = true;
    switch (event.key) {
      case "ArrowDown":
        go(rows[index + 1]);
        break;
      case "ArrowUp":
        go(rows[index - 1]);
        break;
      case "Home":
        go(rows[0]);
        break;
      case "End":
        go(rows.at(-1));
        break;
      case "ArrowRight": {
        const first = rows[index + 1];
        if (expandable && !isOpen) toggle(row.key, true);
        else if (first?.parentKey === row.key) go(first);
        break;
      }
      case "ArrowLeft":
        if (isOpen) toggle(row.key, false);
        else go(rows.find((candidate) => candidate.key === row.parentKey));
        break;
      case "Enter":
        open(row, true);
        break;
      case "F2":
        if (writable) setRenaming(row.key);
        break;
      case "Escape":
        // Back to the editor, where there is one (in the drawer, Escape closes the drawer).
        handled = document.querySelector(`#${MAIN_ID} .cm-content`) !== null;
        if (handled) focusEditor();
        break;
      case "Delete":
        if (writable && (row.kind !== "project" || owner)) deleteItem(row);
        break;
      case "ContextMenu":
        setMenuKey(row.key);
        break;
      case "F10":
        if (event.shiftKey) setMenuKey(row.key);
        else handled = false;
        break;
      default:
        handled = false;
    }
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  }

  function renderRow(item: TreeItem, level: number, children?: TreeNode[]) {
    const expanded = item.kind === "file" ? undefined : !collapsed.has(item.key);
    return (
      <TreeRow
        key={item.key}
        item={item}
        level={level}
        expanded={expanded}
        selected={item.key === openKey}
        tabStop={item.key === tabStop}
        href={
          item.kind === "file" ? filePagePath(workspaceId, item.projectId, item.fileId) : undefined
        }
        people={item.kind === "file" ? (presence[item.fileId] ?? []) : []}
        entries={entriesFor(item)}
        menuOpen={menuKey === item.key}
        onMenuOpenChange={(next) => setMenuKey(next ? item.key : undefined)}
        renameField={renaming === item.key ? renameField(item) : undefined}
        drag={dragFor(item, renaming === item.key)}
        onActivate={() => open(item, false)}
        onToggle={() => toggle(item.key)}
        onFocusRow={() => setFocusedKey(item.key)}
        onKeyDown={onKeyDown}
      >
        {expanded && children
          ? children.map((node) =>
              renderRow(itemOf(item.projectId, node), level + 1, childrenOf(node)),
            )
          : undefined}
      </TreeRow>
    );
  }

  function renameField(item: TreeItem) {
    const done = (key: string) => {
      setRenaming(undefined);
      focusRow(key);
      // A renamed folder's row has a new key, there once the server reports it.
      if (key !== item.key) pendingFocus.current = { key, parentKey: parentKeyOf(item) };
    };
    return (
      <NameField
        className="tree-row__rename"
        label={`Rename ${item.kind === "project" ? `project ${item.name}` : item.path}`}
        showLabel={false}
        initialValue={item.name}
        selectStem={item.kind === "file"}
        validate={(name) => {
          const problem = nameProblem(name);
          return problem ? `The name ${problem}.` : undefined;
        }}
        onSubmit={async (name) => {
          await actions.rename(item, name);
          done(
            item.kind === "folder"
              ? folderKey(item.projectId, renamedPath(item.path, name))
              : item.key,
          );
        }}
        onCancel={(how) => {
          if (how === "blur") setRenaming(undefined);
          else done(item.key);
        }}
      />
    );
  }

  if (projects.length === 0) return null;
  return (
    <>
      <ul
        id={FILE_TREE_ID}
        ref={treeRef}
        role="tree"
        aria-label="Files"
        className="tree"
        onDragLeave={onTreeDragLeave}
      >
        {projects.map((project) =>
          renderRow(
            {
              kind: "project",
              key: projectKey(project.id),
              projectId: project.id,
              name: project.name,
            },
            1,
            projectNodes(project),
          ),
        )}
      </ul>
      <MoveDialog
        item={moving}
        projects={projects}
        onMove={move}
        onClose={() => setMoving(undefined)}
        onCloseAutoFocus={(event) => {
          // Back to the row (the menu that opened the dialog is gone).
          event.preventDefault();
          const key = moving?.key ?? tabStop;
          if (key) focusRow(key);
        }}
      />
      <ConfirmDialog
        open={deleting !== undefined}
        onOpenChange={(next) => !next && setDeleting(undefined)}
        title={
          deleting?.kind === "project"
            ? `Delete project ${deleting.name}?`
            : `Delete folder ${deleting?.kind === "folder" ? deleting.path : ""}?`
        }
        description={deleting ? deleteDescription(deleting, projects) : ""}
        confirmLabel="Move to the trash"
        destructive
        onConfirm={() => deleting && trashNow(deleting)}
        onCloseAutoFocus={(event) => {
          event.preventDefault();
          if (tabStop) focusRow(tabStop);
        }}
      />
    </>
  );
}

function childrenOf(node: TreeNode): TreeNode[] | undefined {
  return node.kind === "folder" ? node.children : undefined;
}
