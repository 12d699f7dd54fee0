import { useCallback, useRef, useState } from "react";
import {
  nameProblem,
  normalizePath,
  type JurisdictionReport,
  type WorkspaceDetails,
} from "../../../shared/api/tree.ts";
import { JURISDICTION_LABELS } from "../../../shared/jurisdictions.ts";
import type { Role } from "../../../shared/roles.ts";
import { IconButton } from "../../components/icon-button.tsx";
import { MoreIcon, PlusIcon, SidebarIcon } from "../../components/icons.tsx";
import { ActionMenu, type MenuEntry } from "../../components/menu.tsx";
import { api } from "../../lib/api.ts";
import { requestEditorFocus } from "../../lib/focus.ts";
import { navigate } from "../../lib/router.ts";
import { DeleteWorkspaceDialog } from "./delete-workspace.tsx";
import { LeaveWorkspaceDialog } from "./leave-workspace.tsx";
import { FileTree, type FileTreeHandle } from "./file-tree.tsx";
import { NameField } from "./name-field.tsx";
import { useCommands } from "../../lib/commands.ts";
import "./sidebar.css";
import { TrashSection } from "./trash-section.tsx";
import type { TreeActions } from "./tree-actions.ts";
import {
  destinationLabel,
  dropDestination,
  folderKey,
  pathIn,
  projectKey,
  type Destination,
  type TreeItem,
} from "./tree-model.ts";

/** Props of `Sidebar`. */
export interface SidebarProps {
  workspace: Omit<WorkspaceDetails, "role">;
  role: Role;
  writable: boolean;
  openFileId?: string;
  actions: TreeActions;
  /** Opens the Share dialog (owners). */
  onShare?: () => void;
  /** The signed-in person, who may leave the workspace (issue 18 item 4). */
  userId: string;
  /** Collapses the sidebar (tablet and desktop); the drawer has its own Close. */
  onHide?: () => void;
}

type Creating = { kind: "project" } | { kind: "file" | "folder"; destination: Destination };

/**
 * The workspace's side: its name and menu, New file / New folder / New
 * project, the file tree and the trash. The same content sits in a resizable
 * column on wide screens and in a drawer on a phone.
 */
export function Sidebar({
  workspace,
  role,
  writable,
  openFileId,
  actions,
  onShare,
  onHide,
  userId,
}: SidebarProps) {
  const [creating, setCreating] = useState<Creating | undefined>();
  const [renaming, setRenaming] = useState(false);
  const [current, setCurrent] = useState<TreeItem | undefined>();
  const tree = useRef<FileTreeHandle>(null);
  const onCurrentChange = useCallback((item: TreeItem | undefined) => setCurrent(item), []);

  const projects = workspace.projects;
  // New file and New folder go where the tree's current row is (a file's folder,
  // a folder, a project), or to the first project.
  const here: Destination | undefined =
    (current && dropDestination(current, projects)) ??
    (projects[0] && { projectId: projects[0].id, projectName: projects[0].name, folder: "" });

  const ws = { ws: workspace.id };
  // In the command palette too (app/finders/command-palette.tsx).
  useCommands(
    writable
      ? [
          ...(here
            ? [
                {
                  id: "new-file",
                  group: "Workspace",
                  label: "New file…",
                  run: () => setCreating({ kind: "file", destination: here }),
                },
                {
                  id: "new-folder",
                  group: "Workspace",
                  label: "New folder…",
                  run: () => setCreating({ kind: "folder", destination: here }),
                },
              ]
            : []),
          {
            id: "new-project",
            group: "Workspace",
            label: "New project…",
            run: () => setCreating({ kind: "project" }),
          },
          ...(onShare
            ? [{ id: "share", group: "Workspace", label: "Share the workspace…", run: onShare }]
            : []),
        ]
      : onShare
        ? [{ id: "share", group: "Workspace", label: "Share…", run: onShare }]
        : [],
  );
  // Renaming and deleting the workspace are for owners (issue 12 item 5).
  const owner = role === "owner";
  const [deleting, setDeleting] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const menu: MenuEntry[] = [
    ...(owner ? [{ label: "Rename workspace", onSelect: () => setRenaming(true) }] : []),
    ...(onShare ? [{ label: "Share…", onSelect: onShare }] : []),
    "separator" as const,
    { label: "Leave workspace…", destructive: true, onSelect: () => setLeaving(true) },
    ...(owner
      ? [{ label: "Delete workspace…", destructive: true, onSelect: () => setDeleting(true) }]
      : []),
  ];

  return (
    <div className="sidebar">
      <div className="sidebar__head">
        {renaming ? (
          <NameField
            className="sidebar__rename"
            label="Workspace name"
            showLabel={false}
            initialValue={workspace.name}
            validate={(name) => {
              const problem = nameProblem(name);
              return problem ? `The name ${problem}.` : undefined;
            }}
            onSubmit={async (name) => {
              await api.renameWorkspace({ params: ws, body: { name } });
              setRenaming(false);
            }}
            onCancel={() => setRenaming(false)}
          />
        ) : (
          <h1 className="sidebar__title" title={workspace.name}>
            {workspace.name}
          </h1>
        )}
        {menu.length > 0 && !renaming && (
          <ActionMenu
            label="Workspace actions"
            entries={menu}
            trigger={
              <IconButton label="Workspace actions">
                <MoreIcon />
              </IconButton>
            }
          />
        )}
        {onHide && (
          <IconButton label="Hide the sidebar" onClick={onHide}>
            <SidebarIcon />
          </IconButton>
        )}
      </div>
      <div className="sidebar__meta">
        <span className="role-tag">{role}</span>
        {onShare && (
          <button className="button button--small sidebar__share" type="button" onClick={onShare}>
            Share
          </button>
        )}
      </div>
      {workspace.jurisdiction && <DataLocation report={workspace.jurisdiction} />}
      {writable && (
        <div className="sidebar__actions">
          <button
            type="button"
            className="button button--small"
            disabled={!here}
            aria-label={here ? `New file in ${destinationLabel(here)}` : "New file"}
            onClick={() => here && setCreating({ kind: "file", destination: here })}
          >
            <PlusIcon /> New file
          </button>
          <button
            type="button"
            className="button button--small"
            disabled={!here}
            aria-label={here ? `New folder in ${destinationLabel(here)}` : "New folder"}
            onClick={() => here && setCreating({ kind: "folder", destination: here })}
          >
            <PlusIcon /> New folder
          </button>
          <button
            type="button"
            className="button button--small"
            onClick={() => setCreating({ kind: "project" })}
          >
            <PlusIcon /> New project
          </button>
        </div>
      )}
      {creating && (
        <CreateField
          creating={creating}
          actions={actions}
          onDone={(created) => {
            setCreating(undefined);
            if (created) tree.current?.reveal(created.key, created.within);
          }}
        />
      )}
      {projects.length === 0 && (
        <p className="empty-state empty-state--small sidebar__empty">
          No projects yet{writable ? ": create one with New project." : "."}
        </p>
      )}
      <FileTree
        workspaceId={workspace.id}
        projects={projects}
        presence={workspace.presence}
        openFileId={openFileId}
        writable={writable}
        owner={owner}
        actions={actions}
        onCreate={(kind, destination) => setCreating({ kind, destination })}
        onCurrentChange={onCurrentChange}
        handle={tree}
      />
      <TrashSection
        workspaceId={workspace.id}
        entries={workspace.trash}
        writable={writable}
        owner={owner}
      />
      <DeleteWorkspaceDialog workspace={workspace} open={deleting} onOpenChange={setDeleting} />
      <LeaveWorkspaceDialog
        workspace={workspace}
        userId={userId}
        open={leaving}
        onOpenChange={setLeaving}
        onShare={onShare}
      />
    </div>
  );
}

/**
 * The New file, New folder or New project field. A new file opens with the
 * caret in its editor; a new folder or project gets the tree's focus.
 */
function CreateField({
  creating,
  actions,
  onDone,
}: {
  creating: Creating;
  actions: TreeActions;
  /** Called when the field is done; with the row to focus after a project or folder is made. */
  onDone: (created?: { key: string; within: Destination | null }) => void;
}) {
  if (creating.kind === "project") {
    return (
      <NameField
        className="sidebar__create"
        label="New project"
        placeholder="Project name"
        submitLabel="Create"
        validate={(name) => {
          const problem = nameProblem(name);
          return problem ? `The name ${problem}.` : undefined;
        }}
        onSubmit={async (name) => {
          const id = await actions.createProject(name);
          onDone({ key: projectKey(id), within: null });
        }}
        onCancel={() => onDone()}
      />
    );
  }
  const { kind, destination } = creating;
  const label = `New ${kind} in ${destinationLabel(destination)}`;
  return (
    <NameField
      key={`${kind}:${destination.projectId}:${destination.folder}`}
      className="sidebar__create"
      label={label}
      placeholder={kind === "file" ? "notes.md" : "Folder name"}
      submitLabel="Create"
      validate={(name) => {
        // A name may carry folders ("guides/setup.md"), made on the way.
        const result = normalizePath(pathIn(destination.folder, name));
        return result.ok ? undefined : `The path ${result.problem}.`;
      }}
      onSubmit={async (name) => {
        const path = pathIn(destination.folder, name);
        if (kind === "file") {
          const page = await actions.createFile(destination.projectId, path);
          requestEditorFocus();
          onDone();
          navigate(page);
        } else {
          await actions.createFolder(destination.projectId, path);
          onDone({ key: folderKey(destination.projectId, path), within: destination });
        }
      }}
      onCancel={() => onDone()}
    />
  );
}

/** Where the workspace's data is kept, and a warning where that is not enforced here. */
function DataLocation({ report }: { report: JurisdictionReport }) {
  return (
    <p className="data-location">
      Data location: {JURISDICTION_LABELS[report.requested]}
      {!report.applied && (
        <span className="data-location__note" role="note">
          Not applied here. {report.note}
        </span>
      )}
    </p>
  );
}
