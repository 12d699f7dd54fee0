import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import type { User } from "../../shared/api/session.ts";
import { contract } from "../../shared/api/contract.ts";
import type { FileEntry } from "../../shared/api/tree.ts";
import { canWrite, type Role } from "../../shared/roles.ts";
import { ConnectionIndicator } from "../components/connection-indicator.tsx";
import { HistoryPanel } from "../components/history-panel.tsx";
import { LockControl, lockBannerText, useLock } from "../components/lock-control.tsx";
import { PresenceList } from "../components/presence-list.tsx";
import { CollabEditor } from "../editor/collab-editor.tsx";
import { downloadUrl, socketUrl } from "../lib/api.ts";
import type { Identity } from "../sync/identity.ts";
import { useConnection } from "../sync/use-connection.ts";
import { useDocumentSession } from "../sync/use-document-session.ts";
import { useLocalCopyLoaded } from "../sync/use-local-copy.ts";
import { usePresence } from "../sync/use-presence.ts";
import { saveLabel, type SaveSnapshot } from "../sync/save-tracker.ts";
import "./file-pane.css";

const NOTHING_TO_SAVE: SaveSnapshot = { unsaved: 0, connected: false };

/** Props of `FilePane`. */
export interface FilePaneProps {
  workspaceId: string;
  projectId: string;
  file: FileEntry;
  user: User;
  role: Role;
}

/**
 * One open file: its path, who is in it, the connection, and the shared
 * editor (read-only for viewers). Keyed by file id, so switching files
 * closes one socket and opens the next.
 */
export function FilePane({ workspaceId, projectId, file, user, role }: FilePaneProps) {
  const identity = useMemo<Identity>(
    () => ({ name: user.name, color: user.color, colorLight: `${user.color}33` }),
    [user.name, user.color],
  );
  const params = useMemo(
    () => ({ ws: workspaceId, project: projectId, file: file.id }),
    [workspaceId, projectId, file.id],
  );
  // The file's `syncUrl`, on the page's own host.
  const syncUrl = socketUrl(contract.fileSync, params);
  const session = useDocumentSession(syncUrl, identity);
  const connection = useConnection(session?.connection ?? null);
  const participants = usePresence(session?.provider.awareness ?? null);
  const lock = useLock(session?.lock ?? null);
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
  const lockedOut = lockBannerText(lock, user.id);
  const readOnly = !canWrite(role) || lockedOut !== undefined;
  const [historyOpen, setHistoryOpen] = useState(false);

  return (
    <div className="file-pane">
      <div className="file-pane__bar">
        <span className="file-pane__path" data-testid="file-path">
          {file.path}
        </span>
        {readOnly && <span className="role-tag">Read-only</span>}
        <div className="header__spacer" />
        {session && ready && (
          <span className="save-status" data-testid="save-status" aria-live="polite">
            {saveLabel(saves)}
          </span>
        )}
        {session && (
          <LockControl
            file={params}
            lock={lock}
            watcher={session.lock}
            userId={user.id}
            canLock={canWrite(role)}
            isOwner={role === "owner"}
          />
        )}
        <a
          className="button button--small"
          href={downloadUrl(contract.exportFile, params)}
          download
        >
          Download
        </a>
        <button
          className="button button--small"
          type="button"
          aria-pressed={historyOpen}
          onClick={() => setHistoryOpen((open) => !open)}
        >
          History
        </button>
        <ConnectionIndicator label={connection.label} />
        <PresenceList participants={participants} />
      </div>
      {connection.problem && (
        <div className="banner" role="alert">
          {connection.problem}
        </div>
      )}
      {lockedOut && (
        <output className="banner" data-testid="lock-banner">
          {lockedOut}
        </output>
      )}
      <div className="file-pane__body">
        {session && ready ? (
          <CollabEditor
            text={session.text}
            awareness={session.provider.awareness}
            fileName={file.path}
            readOnly={readOnly}
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
        {historyOpen && (
          <HistoryPanel
            file={params}
            canWrite={canWrite(role)}
            onClose={() => setHistoryOpen(false)}
          />
        )}
      </div>
    </div>
  );
}
