import { useState } from "react";
import { toast } from "sonner";
import type { TrashEntry } from "../../../shared/api/tree.ts";
import { ConfirmDialog } from "../../components/dialog.tsx";
import { api } from "../../lib/api.ts";

/** Props of `TrashSection`. */
export interface TrashSectionProps {
  workspaceId: string;
  entries: readonly TrashEntry[];
  writable: boolean;
  /** Only owners delete a project forever (issue 12 item 5). */
  owner: boolean;
}

/**
 * What is in the workspace's trash, with Restore and Delete forever (which
 * asks first). Long names are cut with an ellipsis and shown whole on hover.
 */
export function TrashSection({ workspaceId, entries, writable, owner }: TrashSectionProps) {
  const [purging, setPurging] = useState<TrashEntry | undefined>();
  const [problem, setProblem] = useState<string | undefined>();

  async function restore(entry: TrashEntry) {
    setProblem(undefined);
    try {
      await api.restoreFromTrash({ params: { ws: workspaceId, trashId: entry.id } });
      toast(`${entry.label} is back.`);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : `${entry.label} could not be restored.`);
    }
  }

  return (
    <section className="trash" aria-labelledby="trash-title">
      <h2 className="section-title" id="trash-title">
        Trash
      </h2>
      {entries.length === 0 && (
        <p className="empty-state empty-state--small">The trash is empty.</p>
      )}
      {problem && (
        <p className="form-problem" role="alert">
          {problem}
        </p>
      )}
      <ul className="trash__list">
        {entries.map((entry) => (
          <li key={entry.id} className="trash__entry">
            <span className="trash__label" title={entry.label}>
              {entry.label}
            </span>
            <span className="meta trash__meta">
              {entry.kind}
              {entry.trashedBy ? `, deleted by ${entry.trashedBy}` : ""}, kept until{" "}
              {new Date(entry.purgeAt).toLocaleDateString()}
            </span>
            {writable && (
              <span className="trash__actions">
                <button
                  className="button button--small"
                  type="button"
                  aria-label={`Restore ${entry.label}`}
                  onClick={() => void restore(entry)}
                >
                  Restore
                </button>
                {(entry.kind !== "project" || owner) && (
                  <button
                    className="button button--small button--quiet"
                    type="button"
                    aria-label={`Delete ${entry.label} forever`}
                    onClick={() => setPurging(entry)}
                  >
                    Delete forever
                  </button>
                )}
              </span>
            )}
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={purging !== undefined}
        onOpenChange={(open) => !open && setPurging(undefined)}
        title={`Delete ${purging?.label ?? ""} forever?`}
        description="It goes at once, with everything in it, and cannot be restored."
        confirmLabel="Delete forever"
        destructive
        onConfirm={async () => {
          if (!purging) return;
          await api.deleteFromTrash({ params: { ws: workspaceId, trashId: purging.id } });
          toast(`${purging.label} was deleted for good.`);
        }}
      />
    </section>
  );
}
