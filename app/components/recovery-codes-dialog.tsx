import { useState } from "react";
import { Dialog } from "./dialog.tsx";

/** Props of `RecoveryCodesDialog`. */
export interface RecoveryCodesDialogProps {
  /** The codes to show; the dialog is open while there are some. */
  codes: readonly string[];
  onClose: () => void;
}

/**
 * Recovery codes, shown once (issue 18): the server keeps only their
 * hashes, so this is the one time anyone sees them. The person copies or
 * downloads them, and the dialog says plainly that they will not be shown again.
 */
export function RecoveryCodesDialog({ codes, onClose }: RecoveryCodesDialogProps) {
  const [copied, setCopied] = useState(false);
  const text = codes.join("\n");
  return (
    <Dialog
      title="Save your recovery codes"
      description="Each code signs you in once if you lose your passkeys. Keep them somewhere safe: Quire shows them only now."
      open={codes.length > 0}
      onOpenChange={(open) => {
        if (!open) {
          setCopied(false);
          onClose();
        }
      }}
    >
      <ol className="recovery-codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="dialog__actions">
        <a
          className="button"
          download="quire-recovery-codes.txt"
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(`Quire recovery codes\n\n${text}\n`)}`}
        >
          Download
        </a>
        <button
          type="button"
          className="button"
          onClick={() => {
            void navigator.clipboard?.writeText(text).then(() => setCopied(true));
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
        <button type="button" className="button button--primary" onClick={onClose}>
          I saved them
        </button>
      </div>
    </Dialog>
  );
}
