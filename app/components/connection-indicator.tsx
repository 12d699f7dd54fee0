import type { ConnectionLabel } from "../sync/connection-status.ts";
import "./connection-indicator.css";

const TONE: Record<ConnectionLabel, string> = {
  Connected: "ok",
  "Reconnecting…": "waiting",
  Offline: "off",
};

/** Props of `ConnectionIndicator`. */
export interface ConnectionIndicatorProps {
  label: ConnectionLabel;
}

/** A dot and a word saying whether edits are reaching the others right now. */
export function ConnectionIndicator({ label }: ConnectionIndicatorProps) {
  return (
    <output className={`status status--${TONE[label]}`} aria-live="polite">
      <span className="status__dot" aria-hidden="true" />
      <span data-testid="connection-status">{label}</span>
    </output>
  );
}
