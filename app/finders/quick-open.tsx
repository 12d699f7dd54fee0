import { Command } from "cmdk";
import type { WorkspaceDetails } from "../../shared/api/tree.ts";
import { Dialog } from "../components/dialog.tsx";
import { requestEditorFocus } from "../lib/focus.ts";
import { navigate } from "../lib/router.ts";
import { filePagePath } from "../routes/match-route.ts";
import "./finder.css";

/** Props of `QuickOpen`. */
export interface QuickOpenProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  workspace: Pick<WorkspaceDetails, "id" | "projects">;
  /** File ids opened lately, newest first. */
  recent: readonly string[];
}

/**
 * Ctrl+P: every file of every project of the workspace, recent ones first;
 * typing narrows them by a fuzzy match on the path (cmdk's scoring: letters
 * in order, word starts count more), Enter opens one (issue 17 item 4).
 */
export function QuickOpen({ open, onOpenChange, workspace, recent }: QuickOpenProps) {
  const files = workspace.projects.flatMap((project) =>
    project.files.map((file) => ({ ...file, projectId: project.id, projectName: project.name })),
  );
  const rank = (id: string) => {
    const index = recent.indexOf(id);
    return index === -1 ? recent.length : index;
  };
  files.sort((a, b) => rank(a.id) - rank(b.id) || a.path.localeCompare(b.path));
  const several = workspace.projects.length > 1;
  return (
    <Dialog
      title="Open a file"
      hideTitle
      open={open}
      onOpenChange={onOpenChange}
      className="finder"
    >
      <Command label="Open a file" loop>
        <Command.Input placeholder="File name…" aria-label="File name" />
        <Command.List>
          <Command.Empty>No file has a name like that.</Command.Empty>
          {files.map((file) => (
            <Command.Item
              key={file.id}
              // Paths are unique within a project; the project's name tells two projects' apart.
              value={several ? `${file.path} — ${file.projectName}` : file.path}
              onSelect={() => {
                onOpenChange(false);
                requestEditorFocus();
                navigate(filePagePath(workspace.id, file.projectId, file.id));
              }}
            >
              <span className="finder__main">{file.path}</span>
              {several && <span className="finder__aside">{file.projectName}</span>}
            </Command.Item>
          ))}
        </Command.List>
      </Command>
    </Dialog>
  );
}
