import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from "react";
import { toast } from "sonner";
import type { User } from "../../shared/api/session.ts";
import { contract } from "../../shared/api/contract.ts";
import type { FileEntry } from "../../shared/api/tree.ts";
import type { VersionInfo } from "../../shared/api/versions.ts";
import { canComment, canWrite, type Role } from "../../shared/roles.ts";
import { restoreNotice } from "../../shared/version-names.ts";
import { CommentsPanel } from "../comments/comments-panel.tsx";
import { useFileComments } from "../comments/use-file-comments.ts";
import { HistoryPanel } from "../components/history-panel.tsx";
import {
  LockActionButtons,
  lockBanner,
  useLock,
  useLockActions,
} from "../components/lock-control.tsx";
import { api, ApiError, downloadUrl, type FileParams, socketUrl } from "../lib/api.ts";
import { focusEditor, takeEditorFocusRequest } from "../lib/focus.ts";
import { useCommands } from "../lib/commands.ts";
import { startDownload } from "../lib/download.ts";
import { useShortcut } from "../lib/shortcuts.ts";
import { useStoredValue } from "../lib/stored-value.ts";
import { FileBody, type ViewMode } from "../preview/file-body.tsx";
import { isMarkdownPath, resolveRelativeLink } from "../preview/relative-link.ts";
import type { Identity } from "../sync/identity.ts";
import { useConnection } from "../sync/use-connection.ts";
import type { DocumentSession } from "../sync/document-session.ts";
import { useDocumentSession } from "../sync/use-document-session.ts";
import { useLocalCopyLoaded } from "../sync/use-local-copy.ts";
import { usePresence } from "../sync/use-presence.ts";
import { draftsText, type RefusedNotice } from "../sync/refused-changes.ts";
import { useRefusedChanges } from "../sync/use-refused-changes.ts";
import { saveLabel, type SaveSnapshot } from "../sync/save-tracker.ts";
import "./file-pane.css";
import { FileToolbar } from "./file-toolbar.tsx";

const NOTHING_TO_SAVE: SaveSnapshot = { unsaved: 0, connected: false };

/** Props of `FilePane`. */
export interface FilePaneProps {
  workspaceId: string;
  projectId: string;
  file: FileEntry;
  user: User;
  role: Role;
  /** Put at the start of the toolbar: the drawer's or the sidebar's button. */
  leading?: ReactNode;
  /** Opens the Share dialog (owners). */
  onShare?: () => void;
  /** Opens another file of the project by its path (a relative link in the preview). */
  onOpenPath?: (path: string) => void;
}

/**
 * One open file: its path, who is in it, the connection, and the shared
 * editor (read-only for viewers). Keyed by file id, so switching files
 * closes one socket and opens the next.
 */
export function FilePane({
  workspaceId,
  projectId,
  file,
  user,
  role,
  leading,
  onShare,
  onOpenPath,
}: FilePaneProps) {
  const identity = useMemo<Identity>(
    () => ({ id: user.id, name: user.name, color: user.color, colorLight: `${user.color}33` }),
    [user.id, user.name, user.color],
  );
  const params = useMemo(
    () => ({ ws: workspaceId, project: projectId, file: file.id }),
    [workspaceId, projectId, file.id],
  );
  // The file's `syncUrl`, on the page's own host.
  const syncUrl = socketUrl(contract.fileSync, params);
  const handle = useDocumentSession(syncUrl, identity);
  const session = handle.session;
  const connection = useConnection(session?.connection ?? null);
  const presence = usePresence(session?.provider.awareness ?? null, user.id);
  const lock = useLock(session?.lock ?? null);
  const refused = useRefusedChanges(handle, { lock, userId: user.id, role });
  const localCopyLoaded = useLocalCopyLoaded(session);
  // Shown once the server has synced it, or from this browser's copy while offline.
  const ready = connection.everSynced || (connection.label === "Offline" && localCopyLoaded);
  const saves = useSyncExternalStore(
    (listener) => session?.saves.subscribe(listener) ?? (() => {}),
    () => session?.saves.getSnapshot() ?? NOTHING_TO_SAVE,
  );
  useEffect(() => {
    if (saves.unsaved === 0) return;
    // Leaving now would lose what the server has not confirmed.
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [saves.unsaved]);
  const banner = lockBanner(lock, user.id);
  const readOnly = !canWrite(role) || banner?.lockedOut === true;
  const [historyWanted, setHistoryWanted] = useState(false);
  const comments = useFileComments({
    session,
    params,
    synced: connection.synced,
    role,
  });
  // One panel beside the text at a time (the two would squeeze it): the comments win.
  const historyOpen = historyWanted && !comments.open;
  const setHistoryOpen = (next: boolean | ((open: boolean) => boolean)) => {
    const value = typeof next === "function" ? next(historyOpen) : next;
    setHistoryWanted(value);
    if (value) comments.setOpen(false);
  };
  const view = useViewMode(file.path);
  const restores = useRestoreNotices(session, params, user.id, !readOnly);
  const lockActions = useLockActions({
    file: params,
    lock,
    watcher: session?.lock ?? null,
    userId: user.id,
    canLock: canWrite(role),
    isOwner: role === "owner",
  });
  // Ctrl+S: there is nothing to save by hand, so say how things stand instead of saving the page.
  useShortcut("save", () => {
    if (readOnly)
      toast("Read-only", { id: "save", description: banner?.text ?? "You can read this file." });
    else if (saves.unsaved === 0)
      toast.success("Saved", { id: "save", description: "Every change is stored as you type." });
    else if (saves.connected) toast("Saving…", { id: "save" });
    else
      toast.warning(saveLabel(saves), {
        id: "save",
        description: "They are kept in this browser and sent when you are back online.",
      });
  });
  // The file's actions in the command palette (app/finders/command-palette.tsx).
  useCommands([
    ...(view.markdown
      ? (["edit", "split", "preview"] as const).map((mode) => ({
          id: `view-${mode}`,
          group: "View",
          label: `${mode === "edit" ? "Edit" : mode === "split" ? "Split" : "Preview"} (Markdown)`,
          keywords: ["preview", "markdown", "mode"],
          shortcut: "view-mode" as const,
          run: () => view.setMode(mode),
        }))
      : []),
    {
      id: "outline",
      group: "View",
      label: view.outlineOpen ? "Hide the outline" : "Show the outline",
      keywords: ["headings", "toc"],
      run: () => view.setOutlineOpen(!view.outlineOpen),
    },
    {
      id: "comments",
      group: "File",
      label: comments.open ? "Hide comments" : "Comments",
      keywords: ["threads", "mentions", "review"],
      run: () => comments.setOpen(!comments.open),
    },
    ...(canComment(role)
      ? [
          {
            id: "comment",
            group: "File",
            label: "Comment on the selection",
            shortcut: "comment" as const,
            run: comments.commentOnSelection,
          },
        ]
      : []),
    {
      id: "history",
      group: "File",
      label: historyOpen ? "Hide history" : "History (versions)",
      run: () => setHistoryOpen((open) => !open),
    },
    ...(lock ? [] : lockActions.actions).map((action) => ({
      id: `lock-${action.label}`,
      group: "File",
      label: action.label,
      keywords: ["lock"],
      run: () => void action.run(),
    })),
    {
      id: "download",
      group: "File",
      label: `Download ${file.path.split("/").at(-1) ?? "the file"}`,
      run: () => startDownload(downloadUrl(contract.exportFile, params)),
    },
    ...(onShare
      ? [{ id: "share-file", group: "File", label: "Share this file…", run: onShare }]
      : []),
  ]);
  // "last saved 5 minutes ago" moves on while nothing else changes.
  const [now, setNow] = useState(() => Date.now());
  const ticking = !saves.connected && saves.unsaved > 0;
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, [ticking]);

  // After creating a file (or Enter on it in the tree) the caret goes into it, once it is shown.
  useEffect(() => {
    if (!ready || !session) return;
    // Next frame, once the editor's view is the one that stays (StrictMode
    // mounts effects twice in development, and the first view is destroyed).
    const frame = requestAnimationFrame(() => {
      if (takeEditorFocusRequest()) focusEditor();
    });
    return () => cancelAnimationFrame(frame);
  }, [ready, session]);

  return (
    <div className="file-pane">
      <FileToolbar
        leading={leading}
        path={file.path}
        readOnly={readOnly}
        // A viewer or a locked-out editor has nothing to save: the toolbar says Read-only instead.
        saveLabel={session && ready && !readOnly ? saveLabel(saves, now) : undefined}
        saveLabelShort={saveLabel(saves, now, { short: true })}
        connection={connection.label}
        presence={presence}
        // Once the file is locked, renew, release and break are in the lock's banner.
        lockActions={lock ? [] : lockActions.actions}
        lockProblem={lockActions.problem}
        historyOpen={historyOpen}
        onToggleHistory={() => setHistoryOpen((open) => !open)}
        commentsOpen={comments.open}
        commentCount={comments.openCount}
        onToggleComments={() => comments.setOpen(!comments.open)}
        downloadHref={downloadUrl(contract.exportFile, params)}
        onShare={onShare}
        viewMode={view.markdown ? view.mode : undefined}
        onViewMode={view.setMode}
        outlineOpen={view.outlineOpen}
        onToggleOutline={() => view.setOutlineOpen(!view.outlineOpen)}
      />
      {connection.problem && (
        <div className="banner" role="alert">
          {connection.problem}
        </div>
      )}
      {refused.notice && <RefusedBanner notice={refused.notice} onDismiss={refused.dismiss} />}
      {banner && (
        <div
          className="banner lock-banner"
          data-testid="lock-banner"
          data-mine={!banner.lockedOut || undefined}
        >
          <output>{banner.text}</output>
          <LockActionButtons actions={lockActions.actions} />
        </div>
      )}
      <div className="file-pane__body">
        {session && ready ? (
          <FileBody
            fileId={file.id}
            text={session.text}
            awareness={session.provider.awareness}
            fileName={file.path}
            readOnly={readOnly}
            mode={view.markdown ? view.mode : "edit"}
            outlineOpen={view.outlineOpen}
            onCloseOutline={() => view.setOutlineOpen(false)}
            editorExtensions={comments.editorExtensions}
            onEditorView={comments.setView}
            onOpenLink={(href) => {
              const path = resolveRelativeLink(file.path, href);
              if (path) onOpenPath?.(path);
              else toast.error(`“${href}” is not a file of this project.`);
            }}
          />
        ) : (
          <p className="empty-state">
            {connection.problem
              ? "The file could not be opened."
              : connection.label === "Offline"
                ? "You are offline. The file opens when you are back online."
                : "Connecting…"}
          </p>
        )}
        {comments.open && comments.store && (
          <CommentsPanel
            store={comments.store}
            snapshot={comments.snapshot}
            live={comments.live}
            userId={user.id}
            isOwner={role === "owner"}
            canComment={canComment(role)}
            members={comments.members}
            draft={comments.draft}
            onStartThread={comments.startThread}
            onCancelDraft={() => comments.setDraft(null)}
            active={comments.active}
            onJump={comments.jump}
            onClose={() => comments.setOpen(false)}
          />
        )}
        {historyOpen && (
          <HistoryPanel
            file={params}
            canWrite={canWrite(role)}
            current={session && ready ? session.text : undefined}
            refresh={restores.count}
            onRestore={restores.restore}
            onClose={() => setHistoryOpen(false)}
          />
        )}
      </div>
    </div>
  );
}

/**
 * The server refused this tab's last changes (issue 15.5): says why, above
 * the editor (which now shows the file as everyone sees it), with "Copy my
 * text" for the text from before and "Dismiss". It stays until dismissed.
 */
function RefusedBanner({
  notice,
  onDismiss,
}: {
  notice: RefusedNotice & { message: string };
  onDismiss: () => void;
}) {
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(draftsText(notice));
      toast.success("Your text is on the clipboard.", { id: "refused-copy" });
    } catch {
      toast.error(
        "This browser did not let Quire copy. Your text is kept until you dismiss this.",
        {
          id: "refused-copy",
        },
      );
    }
  };
  return (
    <div className="banner refused-banner" role="alert" data-testid="refused-banner">
      <p className="refused-banner__text">
        <strong>{notice.message}</strong> The editor shows the file as everyone sees it; your text
        from before is kept here until you dismiss this.
      </p>
      <div className="refused-banner__actions">
        <button className="button button--small" type="button" onClick={() => void copy()}>
          Copy my text
        </button>
        <button className="button button--small" type="button" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </div>
  );
}

const VIEW_MODES: readonly ViewMode[] = ["edit", "split", "preview"];

/**
 * Edit, Split or Preview (for Markdown files; remembered in this browser for
 * every file), whether the outline is open, and Ctrl+Shift+V to go round the modes.
 */
function useViewMode(path: string) {
  const markdown = isMarkdownPath(path);
  const [mode, setMode] = useStoredValue<ViewMode>("quire.view-mode", (raw) =>
    VIEW_MODES.includes(raw as ViewMode) ? (raw as ViewMode) : "edit",
  );
  const [outlineOpen, setOutlineOpen] = useStoredValue(
    "quire.outline-open",
    (raw) => raw === "true",
  );
  useShortcut(
    "view-mode",
    () => setMode(VIEW_MODES[(VIEW_MODES.indexOf(mode) + 1) % VIEW_MODES.length] ?? "edit"),
    markdown,
  );
  return { markdown, mode, setMode, outlineOpen, setOutlineOpen };
}

/**
 * Someone restored a version (the document tells every socket, tag 103):
 * a toast says who and which ("Ada restored “v1”"), with Undo for those who
 * may write now; `count` moves on so an open history panel reads its list
 * again. `restore` is how this tab restores one (its own toast comes the same way).
 */
function useRestoreNotices(
  session: DocumentSession | null,
  file: FileParams,
  userId: string,
  mayUndo: boolean,
) {
  const [count, setCount] = useState(0);
  // Read when the toast's Undo is pressed, not when the toast was made.
  const mayUndoRef = useRef(mayUndo);
  useEffect(() => {
    mayUndoRef.current = mayUndo;
  }, [mayUndo]);
  useEffect(() => {
    if (!session) return;
    return session.frames.on("restored", ({ restore }) => {
      setCount((n) => n + 1);
      const who = restore.by.id === userId ? "You" : restore.by.name;
      const undo = async () => {
        try {
          await api.restoreVersion({ params: { ...file, version: restore.undo.id } });
        } catch (error) {
          toast.error(error instanceof ApiError ? error.message : "The restore was not undone.");
        }
      };
      toast(restoreNotice(who, restore.restored.name), {
        id: `restored-${restore.undo.id}`,
        description: "The text is now that version's, for everyone.",
        action: mayUndoRef.current
          ? { label: "Undo", onClick: () => void (mayUndoRef.current && undo()) }
          : undefined,
      });
    });
  }, [session, file, userId]);
  const restore = useCallback(
    async (version: VersionInfo) => {
      await api.restoreVersion({ params: { ...file, version: version.id } });
    },
    [file],
  );
  return { count, restore };
}
