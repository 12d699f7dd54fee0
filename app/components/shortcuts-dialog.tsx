import { keysLabel, SHORTCUTS, TREE_KEYS } from "../lib/shortcuts.ts";
import { Dialog } from "./dialog.tsx";
import "./shortcuts-dialog.css";

/** Props of `ShortcutsDialog`. */
export interface ShortcutsDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Where focus goes on closing; by default back to what had it before. */
  onCloseAutoFocus?: (event: Event) => void;
}

/** Every keyboard shortcut, from the registry in app/lib/shortcuts.ts, and the file tree's keys. */
export function ShortcutsDialog({ open, onOpenChange, onCloseAutoFocus }: ShortcutsDialogProps) {
  return (
    <Dialog
      title="Keyboard shortcuts"
      open={open}
      onOpenChange={onOpenChange}
      onCloseAutoFocus={onCloseAutoFocus}
    >
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map((shortcut) => (
            <tr key={shortcut.id}>
              <th scope="row">
                <kbd>{keysLabel(shortcut.keys)}</kbd>
              </th>
              <td>{shortcut.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3 className="shortcuts__title">In the file tree</h3>
      <table className="shortcuts">
        <tbody>
          {TREE_KEYS.map((entry) => (
            <tr key={entry.keys}>
              <th scope="row">
                <kbd>{entry.keys}</kbd>
              </th>
              <td>{entry.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
