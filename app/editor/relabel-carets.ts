import type { Compartment } from "@codemirror/state";
import type { EditorView } from "@codemirror/view";
import type { Awareness } from "y-protocols/awareness";

/**
 * Redraws the remote carets when someone's name changes (issue 12 item 6).
 * y-codemirror.next's caret widget compares only its colour (`eq` in
 * y-remote-selections.js), so CodeMirror keeps the old label's DOM after a
 * rename. Taking `yCollab` out of its compartment and putting it back
 * draws the carets afresh; the document, the socket and the undo history
 * (the editor's own `Y.UndoManager`) are untouched. Returns the unsubscribe.
 */
export function relabelCaretsOnRename(
  view: EditorView,
  awareness: Awareness,
  collab: Compartment,
  extension: () => Parameters<Compartment["reconfigure"]>[0],
): () => void {
  const names = new Map<number, string>();
  const nameOf = (clientId: number): string | undefined => {
    const user: unknown = awareness.getStates().get(clientId)?.user;
    const name = typeof user === "object" && user !== null ? (user as { name?: unknown }).name : "";
    return typeof name === "string" ? name : undefined;
  };
  for (const clientId of awareness.getStates().keys()) {
    const name = nameOf(clientId);
    if (name !== undefined) names.set(clientId, name);
  }
  const onChange = ({ added, updated, removed }: Record<string, number[]>) => {
    let renamed = false;
    for (const clientId of [...added!, ...updated!]) {
      const name = nameOf(clientId);
      if (name === undefined) continue;
      if (clientId !== awareness.clientID && names.has(clientId) && names.get(clientId) !== name) {
        renamed = true;
      }
      names.set(clientId, name);
    }
    for (const clientId of removed!) names.delete(clientId);
    if (!renamed) return;
    // Out, then back in: with the same plugins CodeMirror would keep the old
    // widgets (they compare equal), so the carets leave the view and return.
    view.dispatch({ effects: collab.reconfigure([]) });
    view.dispatch({ effects: collab.reconfigure(extension()) });
    // The carets are drawn on the plugin's next update.
    view.dispatch({});
  };
  awareness.on("change", onChange);
  return () => awareness.off("change", onChange);
}
