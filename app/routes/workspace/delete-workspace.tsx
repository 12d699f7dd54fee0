import { toast } from "sonner";
import type { WorkspaceDetails } from "../../../shared/api/tree.ts";
import { ConfirmDialog } from "../../components/dialog.tsx";
import { api } from "../../lib/api.ts";
import { navigate } from "../../lib/router.ts";

/**
 * "Delete Website?": the workspace goes to the trash with everything in it,
 * and the confirmation says what that is ("Website, its 2 projects and 12
 * files"), issue 12 item 5. An owner restores it from the home page.
 */
export function DeleteWorkspaceDialog({
  workspace,
  open,
  onOpenChange,
}: {
  workspace: Pick<WorkspaceDetails, "id" | "name" | "projects">;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Delete ${workspace.name}?`}
      description={`${whatGoes(workspace)} go to the trash, for everyone in it. An owner can restore it from the list of workspaces for 30 days.`}
      confirmLabel="Move to the trash"
      destructive
      onConfirm={async () => {
        await api.trashWorkspace({ params: { ws: workspace.id } });
        toast(`${workspace.name} moved to the trash.`, {
          description: "Restore it from your workspaces for 30 days.",
        });
        navigate("/");
      }}
    />
  );
}

/** "Website, its 2 projects and 12 files". */
export function whatGoes(workspace: Pick<WorkspaceDetails, "name" | "projects">): string {
  const projects = workspace.projects.length;
  const files = workspace.projects.reduce((sum, project) => sum + project.files.length, 0);
  if (projects === 0) return workspace.name;
  const projectWords = `${projects} project${projects === 1 ? "" : "s"}`;
  const fileWords = files === 0 ? "" : ` and ${files} file${files === 1 ? "" : "s"}`;
  return `${workspace.name}, its ${projectWords}${fileWords}`;
}
