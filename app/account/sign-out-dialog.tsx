import { useEffect, useRef, useState } from "react";
import { ConfirmDialog } from "../components/dialog.tsx";
import { Link } from "../components/link.tsx";
import { api } from "../lib/api.ts";
import { type GuestLoss, guestLossSentence } from "./guest-loss.ts";

type Check = { status: "checking" } | { status: "guest"; loss: GuestLoss } | { status: "account" };

/**
 * Signing out, with a warning for a guest (issue 18 item 4). Mounted for
 * one attempt (the account menu renders it while signing out), it asks the server whether the person has a passkey: someone
 * who has one is signed out at once (they can sign in again); a guest gets
 * a confirmation that says what they would lose, and offers to add a
 * passkey first (the account page) besides "Sign out anyway".
 */
export function SignOutDialog({
  open,
  onOpenChange,
  onSignOut,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onSignOut: () => Promise<void>;
}) {
  const [check, setCheck] = useState<Check>({ status: "checking" });
  // The callbacks may be new on every render; the check runs once per opening.
  const latest = useRef({ onOpenChange, onSignOut });
  useEffect(() => {
    latest.current = { onOpenChange, onSignOut };
  });
  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    Promise.all([api.currentSession(), api.listWorkspaces()]).then(
      ([session, { workspaces }]) => {
        if (cancelled) return;
        if (session.passkeys > 0) {
          setCheck({ status: "account" });
          latest.current.onOpenChange(false);
          void latest.current.onSignOut();
          return;
        }
        const owned = workspaces.filter((workspace) => workspace.role === "owner").length;
        setCheck({ status: "guest", loss: { workspaces: workspaces.length, owned } });
      },
      // Could not tell: warn as for a guest, without numbers, rather than lose an identity quietly.
      () => !cancelled && setCheck({ status: "guest", loss: { workspaces: 0, owned: 0 } }),
    );
    return () => {
      cancelled = true;
    };
  }, [open]);
  if (check.status !== "guest") return null;
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Sign out of this guest identity?"
      description={`${guestLossSentence(check.loss)} Add a passkey to keep them and sign in again on any device.`}
      alternative={
        <Link href="/account" className="button" onClick={() => onOpenChange(false)}>
          Add a passkey first
        </Link>
      }
      confirmLabel="Sign out anyway"
      destructive
      onConfirm={onSignOut}
    />
  );
}
