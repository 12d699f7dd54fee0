import { type Extension, StateEffect, StateField } from "@codemirror/state";
import {
  Decoration,
  type DecorationSet,
  EditorView,
  showTooltip,
  type Tooltip,
} from "@codemirror/view";

/** A thread's range in the editor now, as its anchor resolves in the shared text. */
export interface MarkedRange {
  id: string;
  from: number;
  to: number;
}

/** What the editor's comment parts call back into (read at call time, so it may change). */
export interface CommentActions {
  /** Whether this person may comment (not a viewer). */
  canComment: boolean;
  /** Comment on the selected text. */
  onComment: (from: number, to: number) => void;
  /** A highlighted range was clicked. */
  onOpenThread: (id: string) => void;
}

/** Puts the open threads' ranges (and which one is active) on the text. */
export const setCommentMarks = StateEffect.define<{ ranges: MarkedRange[]; active?: string }>();

const marks = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(decorations, transaction) {
    let next = decorations.map(transaction.changes);
    for (const effect of transaction.effects) {
      if (!effect.is(setCommentMarks)) continue;
      const length = transaction.state.doc.length;
      next = Decoration.set(
        effect.value.ranges
          .filter((range) => range.from < range.to && range.to <= length)
          .sort((a, b) => a.from - b.from)
          .map((range) =>
            Decoration.mark({
              class:
                range.id === effect.value.active ? "cm-comment cm-comment--active" : "cm-comment",
              attributes: { "data-thread": range.id },
            }).range(range.from, range.to),
          ),
        true,
      );
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

/**
 * The editor's side of comments (issue 19): open threads' text highlighted
 * (a click opens the thread), and a small Comment button by a non-empty
 * selection for those who may comment. `actions` is read when used, so the
 * extension is made once per editor.
 */
export function commentMarks(actions: { readonly current: CommentActions }): Extension {
  const selectionButton = StateField.define<Tooltip | null>({
    create: (state) => buttonFor(state.selection.main),
    update: (tooltip, transaction) =>
      transaction.selection || transaction.docChanged
        ? buttonFor(transaction.state.selection.main)
        : tooltip,
    provide: (field) => showTooltip.from(field),
  });

  function buttonFor(range: { from: number; to: number; empty: boolean }): Tooltip | null {
    if (range.empty || !actions.current.canComment) return null;
    return {
      pos: range.to,
      above: true,
      strictSide: false,
      arrow: false,
      create: () => {
        const dom = document.createElement("div");
        dom.className = "cm-comment-button";
        const button = document.createElement("button");
        button.type = "button";
        button.className = "button button--small";
        button.textContent = "Comment";
        button.title = "Comment on the selected text (Ctrl+Alt+M)";
        // The selection must stay: pressing the button must not move focus first.
        button.addEventListener("mousedown", (event) => event.preventDefault());
        button.addEventListener("click", () => actions.current.onComment(range.from, range.to));
        dom.append(button);
        return { dom };
      },
    };
  }

  return [
    marks,
    selectionButton,
    EditorView.domEventHandlers({
      click(event) {
        const target =
          event.target instanceof Element ? event.target.closest("[data-thread]") : null;
        const id = target?.getAttribute("data-thread");
        if (!id) return false;
        actions.current.onOpenThread(id);
        return false;
      },
    }),
    EditorView.baseTheme({
      ".cm-comment": {
        backgroundColor: "rgba(250, 204, 21, 0.28)",
        borderBottom: "2px solid rgba(202, 138, 4, 0.8)",
        cursor: "pointer",
      },
      ".cm-comment--active": { backgroundColor: "rgba(250, 204, 21, 0.55)" },
      "&dark .cm-comment": {
        backgroundColor: "rgba(250, 204, 21, 0.18)",
        borderBottomColor: "rgba(250, 204, 21, 0.7)",
      },
      "&dark .cm-comment--active": { backgroundColor: "rgba(250, 204, 21, 0.36)" },
      ".cm-tooltip.cm-comment-button": { border: "none", background: "transparent" },
    }),
  ];
}
