import { useEffect, useState } from "react";
import { toast } from "sonner";
import { ConfirmDialog } from "../../components/dialog.tsx";
import { api } from "../../lib/api.ts";
import { navigate } from "../../lib/router.ts";

/**
 * "Leave Website?" (issue 18 item 4): the person's own membership goes, on
 * the workspace and in their list, and they are taken home. The last owner
 * cannot leave (the server refuses with 409): the dialog finds that out as
 * it opens and says what to do instead, with a way to the Share dialog,
 * where someone else can be made an owner.
 */
export function LeaveWorkspaceDialog({
  workspace,
  userId,
  open,
  onOpenChange,
  onShare,
}: {
  workspace: { id: string; name: string };
  userId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Opens the Share dialog (owners), to make someone else an owner. */
  onShare?: () => void;
}) {
  const soleOwner = useSoleOwner(open ? workspace.id : undefined, userId);
  if (soleOwner === undefined && open) return null;
  if (soleOwner) {
    return (
      <ConfirmDialog
        open={open}
        onOpenChange={onOpenChange}
        title={`You are the only owner of ${workspace.name}`}
        description="A workspace always keeps at least one owner. Make someone else an owner first (Share, then their role), then you can leave."
        confirmLabel={onShare ? "Choose another owner" : "OK"}
        onConfirm={() => onShare?.()}
      />
    );
  }
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={onOpenChange}
      title={`Leave ${workspace.name}?`}
      description="It leaves your list of workspaces and you lose access to its files. To come back, someone has to share it with you again."
      confirmLabel="Leave workspace"
      destructive
      onConfirm={async () => {
        await api.removeMember({ params: { ws: workspace.id, user: userId } });
        toast(`You left ${workspace.name}.`);
        navigate("/");
      }}
    />
  );
}

/** Whether `userId` is the workspace's only owner, once known (undefined while asking or closed). */
function useSoleOwner(workspaceId: string | undefined, userId: string): boolean | undefined {
  const [answer, setAnswer] = useState<{ workspaceId: string; sole: boolean } | undefined>();
  useEffect(() => {
    if (!workspaceId) return;
    let cancelled = false;
    api.members({ params: { ws: workspaceId } }).then(
      ({ members }) => {
        if (cancelled) return;
        const owners = members.filter((member) => member.role === "owner");
        const sole = owners.length === 1 && owners[0]!.userId === userId;
        setAnswer({ workspaceId, sole });
      },
      // Could not ask: offer to leave, and let the server's answer say why if it refuses.
      () => !cancelled && setAnswer({ workspaceId, sole: false }),
    );
    return () => {
      cancelled = true;
    };
  }, [workspaceId, userId]);
  return answer && answer.workspaceId === workspaceId ? answer.sole : undefined;
}
