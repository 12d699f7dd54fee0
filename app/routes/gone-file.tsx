import { useState } from "react";
import { toast } from "sonner";
import type { TrashEntry } from "../../shared/api/tree.ts";
import { canWrite, type Role } from "../../shared/roles.ts";
import { Link } from "../components/link.tsx";
import { api, ApiError } from "../lib/api.ts";
import "./gone-file.css";
import { missingFileText } from "./missing-file.ts";

/**
 * What someone with a file open sees when it goes to the trash (issue 12
 * item 5): who moved it there, with the folder, project or workspace it
 * went with, and Restore for those who may (writers; a project's files come
 * back with the project).
 */
export function GoneFile({
  workspaceId,
  projectId,
  fileId,
  path,
  trash,
  role,
}: {
  workspaceId: string;
  projectId?: string;
  fileId: string;
  /** The file's path while it was here, if this page saw it. */
  path?: string;
  trash: readonly TrashEntry[];
  role: Role;
}) {
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const entry = trashEntryOf(trash, { projectId, fileId, path });
  const name = path ?? "This file";

  const restore = async (what: TrashEntry) => {
    setBusy(true);
    setProblem(undefined);
    try {
      await api.restoreFromTrash({ params: { ws: workspaceId, trashId: what.id } });
      toast(`${what.label} is back.`);
    } catch (error) {
      setProblem(
        error instanceof ApiError ? error.message : `${what.label} could not be restored.`,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="empty-state gone-file">
      <output>
        {entry
          ? goneWords(entry, name)
          : missingFileText({ seenPath: path, projectId, trash, online: navigator.onLine })}
      </output>
      {entry && canWrite(role) && (
        <button
          className="button button--small button--primary"
          type="button"
          disabled={busy}
          onClick={() => void restore(entry)}
        >
          Restore {entry.kind === "file" ? entry.label : `${entry.kind} ${entry.label}`}
        </button>
      )}
      {problem && (
        <p className="form-problem" role="alert">
          {problem}
        </p>
      )}
      <Link href={`/w/${workspaceId}`}>Back to the workspace</Link>
    </div>
  );
}

/** The trash entry a file went with: itself, a folder it was in, or its project. */
export function trashEntryOf(
  trash: readonly TrashEntry[],
  file: { projectId?: string; fileId: string; path?: string },
): TrashEntry | undefined {
  return (
    trash.find((entry) => entry.kind === "file" && entry.id === file.fileId) ??
    trash.find(
      (entry) =>
        entry.kind === "folder" &&
        entry.projectId === file.projectId &&
        file.path !== undefined &&
        file.path.startsWith(`${entry.label}/`),
    ) ??
    trash.find((entry) => entry.kind === "project" && entry.id === file.projectId)
  );
}

/** "Olive moved notes.md to the trash, with the folder docs." */
export function goneWords(entry: TrashEntry, name: string): string {
  const who = entry.trashedBy ?? "Someone";
  if (entry.kind === "file") return `${who} moved ${entry.label} to the trash.`;
  return `${who} moved ${name} to the trash, with the ${entry.kind} ${entry.label}.`;
}
