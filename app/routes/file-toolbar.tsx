import type { ReactNode } from "react";
import { ConnectionIndicator } from "../components/connection-indicator.tsx";
import { MoreIcon } from "../components/icons.tsx";
import { type LockAction, LockActionButtons } from "../components/lock-control.tsx";
import { ActionMenu, type MenuEntry } from "../components/menu.tsx";
import { PresenceList } from "../components/presence-list.tsx";
import type { ConnectionLabel } from "../sync/connection-status.ts";
import type { ViewMode } from "../preview/file-body.tsx";
import { startDownload } from "../lib/download.ts";
import type { Presence } from "../sync/use-presence.ts";
import "./file-toolbar.css";

/** Props of `FileToolbar`. */
export interface FileToolbarProps {
  /** Before the path: the button that opens the drawer or shows the sidebar. */
  leading?: ReactNode;
  path: string;
  readOnly: boolean;
  /** "Saved", "Saving…", "Offline — unsaved changes, last saved …"; undefined until the file is open, and for readers. */
  saveLabel?: string;
  /** The same, short, for a phone's bar ("Unsaved · 5 min. ago"). */
  saveLabelShort?: string;
  connection: ConnectionLabel;
  /** Who is in the file: one avatar per person, visitors as a count. */
  presence: Presence;
  lockActions: readonly LockAction[];
  lockProblem?: string;
  historyOpen: boolean;
  onToggleHistory: () => void;
  commentsOpen: boolean;
  /** Open threads, shown on the Comments button. */
  commentCount: number;
  onToggleComments: () => void;
  downloadHref: string;
  /** Opens the Share dialog about this file. */
  onShare?: () => void;
  /** Edit, Split or Preview: set for Markdown files only. */
  viewMode?: ViewMode;
  onViewMode: (mode: ViewMode) => void;
  outlineOpen: boolean;
  onToggleOutline: () => void;
}

const MODE_LABELS: Record<ViewMode, string> = { edit: "Edit", split: "Split", preview: "Preview" };

/**
 * The open file's bar: its path, saved and connection status, who is here,
 * and its actions (lock, history, download, share). Where the file pane is
 * narrow (a phone, a tablet with the sidebar open) the actions fold into one
 * ⋯ menu, so nothing wraps or scrolls sideways; the status and avatars stay.
 * The pane's width decides, through a container query in file-toolbar.css.
 */
export function FileToolbar({
  leading,
  path,
  readOnly,
  saveLabel,
  saveLabelShort,
  connection,
  presence,
  lockActions,
  lockProblem,
  historyOpen,
  onToggleHistory,
  commentsOpen,
  commentCount,
  onToggleComments,
  downloadHref,
  onShare,
  viewMode,
  onViewMode,
  outlineOpen,
  onToggleOutline,
}: FileToolbarProps) {
  const modes = viewMode ? (Object.keys(MODE_LABELS) as ViewMode[]) : [];
  const commentsLabel = commentCount > 0 ? `Comments (${commentCount})` : "Comments";
  const entries: MenuEntry[] = [
    ...modes
      .filter((mode) => mode !== viewMode)
      .map((mode) => ({ label: MODE_LABELS[mode], onSelect: () => onViewMode(mode) })),
    { label: outlineOpen ? "Hide outline" : "Outline", onSelect: onToggleOutline },
    ...lockActions.map((action) => ({ label: action.label, onSelect: () => void action.run() })),
    { label: commentsOpen ? "Hide comments" : commentsLabel, onSelect: onToggleComments },
    { label: historyOpen ? "Hide history" : "History", onSelect: onToggleHistory },
    { label: "Download", onSelect: () => startDownload(downloadHref) },
    ...(onShare ? ["separator" as const, { label: "Share…", onSelect: onShare }] : []),
  ];
  return (
    <>
      <div className="file-toolbar">
        {leading}
        <span className="file-toolbar__path" data-testid="file-path" title={path}>
          {path}
        </span>
        {readOnly && <span className="role-tag">Read-only</span>}
        {saveLabel !== undefined && (
          // On a phone's bar the short label is drawn from data-short (file-toolbar.css) and
          // the long one stays for screen readers, so the element and its text are one.
          <span
            className="save-status"
            data-testid="save-status"
            data-short={saveLabelShort ?? saveLabel}
            aria-live="polite"
            title={saveLabel}
          >
            <span className="save-status__long">{saveLabel}</span>
          </span>
        )}
        <ConnectionIndicator label={connection} />
        <PresenceList presence={presence} />
        <span className="file-toolbar__actions">
          {viewMode && (
            <fieldset className="segmented">
              <legend className="visually-hidden">View</legend>
              {modes.map((mode) => (
                <button
                  key={mode}
                  type="button"
                  className="button button--small"
                  aria-pressed={mode === viewMode}
                  onClick={() => onViewMode(mode)}
                >
                  {MODE_LABELS[mode]}
                </button>
              ))}
            </fieldset>
          )}
          <button
            className="button button--small"
            type="button"
            aria-pressed={outlineOpen}
            onClick={onToggleOutline}
          >
            Outline
          </button>
          <LockActionButtons actions={lockActions} />
          <button
            className="button button--small"
            type="button"
            aria-pressed={commentsOpen}
            onClick={onToggleComments}
          >
            {commentsLabel}
          </button>
          <button
            className="button button--small"
            type="button"
            aria-pressed={historyOpen}
            onClick={onToggleHistory}
          >
            History
          </button>
          <a className="button button--small" href={downloadHref} download>
            Download
          </a>
          {onShare && (
            <button
              className="button button--small button--primary"
              type="button"
              onClick={onShare}
            >
              Share
            </button>
          )}
        </span>
        <span className="file-toolbar__more">
          <ActionMenu
            label="File actions"
            entries={entries}
            trigger={
              <button type="button" className="icon-button" aria-label="File actions">
                <MoreIcon />
              </button>
            }
          />
        </span>
      </div>
      {lockProblem && (
        <p className="form-problem file-toolbar__problem" role="alert">
          {lockProblem}
        </p>
      )}
    </>
  );
}
