import { useCallback, useEffect, useState } from "react";
import type { VersionInfo, VersionPreview } from "../../shared/api/versions.ts";
import { api, ApiError, type FileParams } from "../lib/api.ts";
import "./history-panel.css";

/** Props of `HistoryPanel`. */
export interface HistoryPanelProps {
  /** Which file: its workspace, project and id. */
  file: FileParams;
  canWrite: boolean;
  onClose: () => void;
}

/**
 * A file's versions: save the current text under a name, see the list with
 * time and authors, preview one read-only, and restore it (a new change
 * everyone sees live, undone with one click).
 */
export function HistoryPanel({ file, canWrite, onClose }: HistoryPanelProps) {
  const [versions, setVersions] = useState<VersionInfo[] | undefined>();
  const [preview, setPreview] = useState<VersionPreview | undefined>();
  const [name, setName] = useState("");
  const [notice, setNotice] = useState<{ text: string; undo?: VersionInfo } | undefined>();
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
    let current = true;
    api.versions({ params: file }).then(
      (list) => current && setVersions(list.versions),
      (error: unknown) =>
        current &&
        setProblem(error instanceof ApiError ? error.message : "Quire could not be reached."),
    );
    return () => {
      current = false;
    };
  }, [file]);

  const save = () =>
    act(async () => {
      const version = await api.saveVersion({ params: file, body: { name: name.trim() } });
      setName("");
      setNotice({ text: `Saved “${version.name}”.` });
      await reload();
    });

  const restore = (version: VersionInfo) =>
    act(async () => {
      const result = await api.restoreVersion({ params: { ...file, version: version.id } });
      setPreview(undefined);
      setNotice({ text: `Restored “${result.restored.name}”.`, undo: result.undo });
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
      {notice && (
        <output className="history__notice">
          {notice.text}{" "}
          {notice.undo && canWrite && (
            <button
              className="button button--small"
              type="button"
              onClick={() => notice.undo && void restore(notice.undo)}
            >
              Undo
            </button>
          )}
        </output>
      )}
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
          <pre className="history__text" data-testid="version-preview">
            {preview.text || "(empty)"}
          </pre>
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
