import { useCallback, useEffect, useState } from "react";
import { toast } from "sonner";
import type { LinkedFile } from "../../shared/api/members.ts";
import type { User } from "../../shared/api/session.ts";
import { canWrite } from "../../shared/roles.ts";
import { IconButton } from "../components/icon-button.tsx";
import { MenuIcon, SidebarIcon } from "../components/icons.tsx";
import { Link } from "../components/link.tsx";
import {
  FILE_TREE_ID,
  focusEditor,
  focusFileTree,
  MAIN_ID,
  useArrivalFocus,
} from "../lib/focus.ts";
import { useShortcut } from "../lib/shortcuts.ts";
import { WorkspaceFinders } from "../finders/workspace-finders.tsx";
import { navigate } from "../lib/router.ts";
import { PHONE_QUERY, useMediaQuery } from "../lib/use-media-query.ts";
import { useWorkspace } from "../sync/use-workspace.ts";
import { FilePane } from "./file-pane.tsx";
import { GoneFile } from "./gone-file.tsx";
import { filePagePath } from "./match-route.ts";
import { AccessPage } from "./access-page.tsx";
import { ShareDialog } from "./share/share-dialog.tsx";
import { Sidebar } from "./workspace/sidebar.tsx";
import { SidebarFrame, useSidebarLayout } from "./workspace/sidebar-frame.tsx";
import { useTreeActions } from "./workspace/tree-actions.ts";
import "./workspace-page.css";

/** Props of `WorkspacePage`. */
export interface WorkspacePageProps {
  workspaceId: string;
  projectId?: string;
  fileId?: string;
  user: User;
}

/**
 * A workspace: the live tree of its projects, folders and files in a
 * sidebar (a drawer on a phone), and the open file beside it.
 */
export function WorkspacePage({ workspaceId, projectId, fileId, user }: WorkspacePageProps) {
  const [attempt, setAttempt] = useState(0);
  const state = useWorkspace(workspaceId, attempt);
  const granted = useCallback(() => setAttempt((n) => n + 1), []);
  const phone = useMediaQuery(PHONE_QUERY);
  const layout = useSidebarLayout();
  // The drawer is open for the file shown when it was opened: opening another file closes it.
  const [drawerFor, setDrawerFor] = useState<string | null>(null);
  const drawerOpen = drawerFor === (fileId ?? "");
  const setDrawerOpen = (open: boolean) => setDrawerFor(open ? (fileId ?? "") : null);
  // The Share dialog, open about the workspace (no file) or about the open file.
  const [sharing, setSharing] = useState<{ file?: LinkedFile } | null>(null);
  const actions = useTreeActions(workspaceId);

  // Ctrl+Shift+E: to the file tree, and from it back to the editor.
  useShortcut("focus-tree", () => {
    if (document.activeElement?.closest(`#${FILE_TREE_ID}`)) return void focusEditor();
    if (phone) return setDrawerOpen(true);
    if (!layout.collapsed) return void focusFileTree();
    // Shown first; the tree is there on the next frame.
    layout.setCollapsed(false);
    requestAnimationFrame(() => focusFileTree());
  });

  const ready = state.status === "ready";
  const workspace = ready ? state.workspace : undefined;
  const openProject = workspace?.projects.find((project) => project.id === projectId);
  const openFile = openProject?.files.find((file) => file.id === fileId);
  // The open file's path, kept for when it goes to the trash and the tree no
  // longer has it (information from an earlier render, as React's docs store it).
  const [lastSeen, setLastSeen] = useState<{ id: string; path: string } | undefined>();
  if (openFile && (lastSeen?.id !== openFile.id || lastSeen.path !== openFile.path)) {
    setLastSeen({ id: openFile.id, path: openFile.path });
  }
  // A file moved to another project keeps its id: follow it to its new address.
  const movedTo =
    fileId && !openFile
      ? workspace?.projects.find((project) => project.files.some((file) => file.id === fileId))
      : undefined;
  useEffect(() => {
    if (movedTo && fileId) navigate(filePagePath(workspaceId, movedTo.id, fileId));
  }, [movedTo, fileId, workspaceId]);

  // Just arrived (after creating the workspace, or on a fresh load): focus
  // the open file's editor, or the first thing to do in an empty workspace.
  useArrivalFocus(() => {
    if (openFile) return null;
    return document.querySelector<HTMLElement>(
      workspace?.projects.length
        ? "#file-tree [tabindex='0']"
        : ".sidebar__actions button:last-child",
    );
  }, ready && !phone);

  if (state.status === "loading") return <p className="empty-state">Loading the workspace…</p>;
  if (state.status === "error" && state.forbidden) {
    return <AccessPage workspaceId={workspaceId} fileId={fileId} onGranted={granted} />;
  }
  if (state.status === "error") {
    return (
      <main className="page page--centered" id={MAIN_ID} tabIndex={-1}>
        <p className="form-problem" role="alert">
          {state.message}
        </p>
        <Link className="button" href="/">
          Go to your workspaces
        </Link>
      </main>
    );
  }

  const { role } = state;
  const writable = canWrite(role);
  // Everyone may open it: owners manage links and people; others copy a file's address.
  const onShare = () => setSharing({});
  const sidebarButton = phone ? (
    <IconButton label="Files" aria-expanded={drawerOpen} onClick={() => setDrawerOpen(true)}>
      <MenuIcon />
    </IconButton>
  ) : layout.collapsed ? (
    <IconButton label="Show the sidebar" onClick={() => layout.setCollapsed(false)}>
      <SidebarIcon />
    </IconButton>
  ) : undefined;

  return (
    <div className="workspace">
      <SidebarFrame
        phone={phone}
        drawerOpen={drawerOpen}
        onDrawerOpenChange={setDrawerOpen}
        layout={layout}
      >
        <Sidebar
          workspace={state.workspace}
          role={role}
          writable={writable}
          openFileId={fileId}
          actions={actions}
          onShare={onShare}
          onHide={phone ? undefined : () => layout.setCollapsed(true)}
          userId={user.id}
        />
      </SidebarFrame>
      <main className="editor-area" id={MAIN_ID} tabIndex={-1}>
        {openFile && openProject ? (
          <FilePane
            key={openFile.id}
            workspaceId={workspaceId}
            projectId={openProject.id}
            file={openFile}
            user={user}
            role={role}
            leading={sidebarButton}
            onShare={() =>
              setSharing({
                file: { id: openFile.id, projectId: openProject.id, path: openFile.path },
              })
            }
            onOpenPath={(path) => {
              const target = openProject.files.find((entry) => entry.path === path);
              if (target) navigate(filePagePath(workspaceId, openProject.id, target.id));
              else toast.error(`There is no file “${path}” in this project.`);
            }}
          />
        ) : (
          <>
            {sidebarButton && <div className="editor-area__bar">{sidebarButton}</div>}
            {fileId && !movedTo ? (
              <GoneFile
                workspaceId={workspaceId}
                projectId={projectId}
                fileId={fileId}
                path={lastSeen?.id === fileId ? lastSeen.path : undefined}
                trash={state.workspace.trash}
                role={role}
              />
            ) : (
              <p className="empty-state">
                {phone
                  ? "Open a file from Files, or create one."
                  : "Open a file from the list, or create one."}
              </p>
            )}
          </>
        )}
      </main>
      <ShareDialog
        open={sharing !== null}
        onOpenChange={(open) => !open && setSharing(null)}
        workspaceId={workspaceId}
        workspaceName={state.workspace.name}
        role={role}
        userId={user.id}
        version={state.workspace.version}
        file={sharing?.file}
      />
      <WorkspaceFinders workspace={state.workspace} fileId={openFile?.id} />
    </div>
  );
}
