import { useCallback, useEffect, useState } from "react";
import type * as Y from "yjs";
import type { VersionInfo, VersionPreview } from "../../shared/api/versions.ts";
import { api, ApiError, type FileParams } from "../lib/api.ts";
import "./history-panel.css";
import { VersionDiff } from "./version-diff.tsx";

/** Props of `HistoryPanel`. */
export interface HistoryPanelProps {
  /** Which file: its workspace, project and id. */
  file: FileParams;
  canWrite: boolean;
  /** The document's text now, which a preview is compared with; undefined until it is open. */
  current?: Y.Text;
  /** Bumped when someone restores a version (the document says so): the list is read again. */
  refresh?: number;
  /** Restores a version; everyone, this tab too, is told with Undo (see file-pane.tsx). */
  onRestore: (version: VersionInfo) => Promise<void>;
  onClose: () => void;
}

/**
 * A file's versions: save the current text under a name, see the list with
 * time and authors, preview one against the text now, and restore it (a new
 * change everyone sees live, with Undo in the notice everyone gets).
 */
export function HistoryPanel({
  file,
  canWrite,
  current,
  refresh = 0,
  onRestore,
  onClose,
}: HistoryPanelProps) {
  const [versions, setVersions] = useState<VersionInfo[] | undefined>();
  const [preview, setPreview] = useState<VersionPreview | undefined>();
  const [name, setName] = useState("");
  const [notice, setNotice] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | undefined>();

  const act = useCallback(async (action: () => Promise<void>) => {
    setProblem(undefined);
    try {
      await action();
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : "Quire could not be reached.");
    }
  }, []);

  const reload = useCallback(
    () =>
      act(async () => {
        const list = await api.versions({ params: file });
        setVersions(list.versions);
      }),
    [act, file],
  );
  useEffect(() => {
    let live = true;
    api.versions({ params: file }).then(
      (list) => live && setVersions(list.versions),
      (error: unknown) =>
        live &&
        setProblem(error instanceof ApiError ? error.message : "Quire could not be reached."),
    );
    return () => {
      live = false;
    };
  }, [file, refresh]);

  const save = () =>
    act(async () => {
      const version = await api.saveVersion({ params: file, body: { name: name.trim() } });
      setName("");
      setNotice(`Saved “${version.name}”.`);
      await reload();
    });

  const restore = (version: VersionInfo) =>
    act(async () => {
      await onRestore(version);
      setPreview(undefined);
      setNotice(undefined);
      await reload();
    });

  const show = (version: VersionInfo) =>
    act(async () => setPreview(await api.version({ params: { ...file, version: version.id } })));

  return (
    <aside className="history" aria-label="Version history">
      <div className="history__head">
        <h2 className="history__title">History</h2>
        <button className="icon-button" type="button" aria-label="Close history" onClick={onClose}>
          ×
        </button>
      </div>
      {canWrite && (
        <form
          className="history__save"
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <input
            className="text-input text-input--small"
            aria-label="Version name"
            placeholder="Name this version"
            maxLength={100}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
          <button className="button button--small" type="submit" disabled={!name.trim()}>
            Save version
          </button>
        </form>
      )}
      {notice && <output className="history__notice">{notice}</output>}
      {problem && (
        <p className="form-problem" role="alert">
          {problem}
        </p>
      )}
      {versions === undefined ? (
        <p className="empty-state">Loading versions…</p>
      ) : versions.length === 0 ? (
        <p className="empty-state">
          No versions yet. One is kept automatically after a spell of editing and when everyone
          leaves; save one by name any time.
        </p>
      ) : (
        <ol className="history__list">
          {versions.map((version) => (
            <li key={version.id}>
              <button
                className={`history__item${preview?.version.id === version.id ? " history__item--open" : ""}`}
                type="button"
                onClick={() => void show(version)}
              >
                <span className="history__name">
                  {version.kind === "named" ? version.name : <em>{version.name}</em>}
                </span>
                <span className="history__meta">
                  {formatTime(version.createdAt)}
                  {version.authors.length > 0 && ` · ${version.authors.join(", ")}`}
                </span>
              </button>
            </li>
          ))}
        </ol>
      )}
      {preview && (
        <section className="history__preview" aria-label={`Preview of ${preview.version.name}`}>
          {current ? (
            <VersionDiff text={preview.text} current={current} />
          ) : (
            <pre className="history__text" data-testid="version-preview">
              {preview.text || "(empty)"}
            </pre>
          )}
          {canWrite && (
            <button
              className="button button--small"
              type="button"
              onClick={() => void restore(preview.version)}
            >
              Restore this version
            </button>
          )}
        </section>
      )}
    </aside>
  );
}

function formatTime(at: number): string {
  return new Date(at).toLocaleString([], {
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}
