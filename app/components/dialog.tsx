import { AlertDialog as RadixAlertDialog, Dialog as RadixDialog } from "radix-ui";
import { useState, type ReactElement, type ReactNode } from "react";
import "./dialog.css";
import { CloseIcon } from "./icons.tsx";

/** Props of `Dialog`. */
export interface DialogProps {
  /** The dialog's heading, and its accessible name. */
  title: string;
  /** A sentence under the title, read out when the dialog opens. */
  description?: ReactNode;
  /** Opens the dialog when clicked; leave it out to control `open` yourself. */
  trigger?: ReactElement;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  /** "center" (default) or "drawer", a full-height panel from the left edge. */
  variant?: "center" | "drawer";
  /** Where focus goes once the dialog has closed; by default back to its trigger. */
  onCloseAutoFocus?: (event: Event) => void;
  /** Where focus goes when it opens; by default its first focusable element. */
  onOpenAutoFocus?: (event: Event) => void;
  /** Hides the title visually (it stays the dialog's name), e.g. when the content has its own heading. */
  hideTitle?: boolean;
  className?: string;
  children: ReactNode;
}

/**
 * A modal dialog on Radix UI's Dialog: focus is trapped inside while it is
 * open, Escape and a click outside close it, and focus returns to whatever
 * opened it. Every dialog in the app is one of these.
 */
export function Dialog({
  title,
  description,
  trigger,
  open,
  onOpenChange,
  variant = "center",
  onCloseAutoFocus,
  onOpenAutoFocus,
  hideTitle = false,
  className,
  children,
}: DialogProps) {
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      {trigger && <RadixDialog.Trigger asChild>{trigger}</RadixDialog.Trigger>}
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="dialog-overlay" />
        <RadixDialog.Content
          className={`dialog dialog--${variant}${className ? ` ${className}` : ""}`}
          onCloseAutoFocus={onCloseAutoFocus}
          onOpenAutoFocus={onOpenAutoFocus}
          // Radix warns about a dialog without a description unless told there is none.
          {...(description ? {} : { "aria-describedby": undefined })}
        >
          <div className={`dialog__head${hideTitle ? " visually-hidden" : ""}`}>
            <RadixDialog.Title className="dialog__title">{title}</RadixDialog.Title>
          </div>
          {description && (
            <RadixDialog.Description className="dialog__description">
              {description}
            </RadixDialog.Description>
          )}
          {children}
          <RadixDialog.Close className="icon-button dialog__close" aria-label="Close">
            <CloseIcon />
          </RadixDialog.Close>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/** Props of `ConfirmDialog`. */
export interface ConfirmDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** A question that names what is at stake: "Delete notes.md forever?". */
  title: string;
  /** What happens, in words: "This cannot be undone." */
  description: ReactNode;
  /** The button that does it, named for what it does: "Delete forever". */
  confirmLabel: string;
  /** Runs on confirm; while it runs the buttons wait, and a thrown error shows in the dialog. */
  onConfirm: () => Promise<void> | void;
  /** Paints the confirm button as destructive. */
  destructive?: boolean;
  onCloseAutoFocus?: (event: Event) => void;
  /** Another way out, between Cancel and the confirm button ("Add a passkey first"). */
  alternative?: ReactNode;
}

/**
 * "Are you sure?" on Radix UI's AlertDialog: focus starts on Cancel, so Enter
 * alone never destroys anything; Escape cancels. The dialog stays open until
 * the action has succeeded, and says why it failed if it did.
 */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  onConfirm,
  destructive = false,
  onCloseAutoFocus,
  alternative,
}: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const confirm = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      await onConfirm();
      onOpenChange(false);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : "That did not work. Try again.");
    } finally {
      setBusy(false);
    }
  };
  return (
    <RadixAlertDialog.Root
      open={open}
      onOpenChange={(next) => {
        if (!next) setProblem(undefined);
        onOpenChange(next);
      }}
    >
      <RadixAlertDialog.Portal>
        <RadixAlertDialog.Overlay className="dialog-overlay" />
        <RadixAlertDialog.Content
          className="dialog dialog--center dialog--alert"
          onCloseAutoFocus={onCloseAutoFocus}
        >
          <RadixAlertDialog.Title className="dialog__title">{title}</RadixAlertDialog.Title>
          <RadixAlertDialog.Description className="dialog__description">
            {description}
          </RadixAlertDialog.Description>
          {problem && (
            <p className="form-problem" role="alert">
              {problem}
            </p>
          )}
          <div className="dialog__actions">
            <RadixAlertDialog.Cancel className="button" disabled={busy}>
              Cancel
            </RadixAlertDialog.Cancel>
            {alternative}
            <button
              type="button"
              className={`button ${destructive ? "button--danger" : "button--primary"}`}
              disabled={busy}
              onClick={() => void confirm()}
            >
              {confirmLabel}
            </button>
          </div>
        </RadixAlertDialog.Content>
      </RadixAlertDialog.Portal>
    </RadixAlertDialog.Root>
  );
}
