import { Chunk, unifiedMergeView } from "@codemirror/merge";
import { EditorState, Text } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { useEffect, useRef, useSyncExternalStore } from "react";
import type * as Y from "yjs";
import { darkThemeFlag, highlightStyle } from "../editor/editor-theme.ts";
import { useTheme } from "../lib/theme.ts";
import "./version-diff.css";

/** Props of `VersionDiff`. */
export interface VersionDiffProps {
  /** The version's text. */
  text: string;
  /** The document now, followed live. */
  current: Y.Text;
}

/** The live text of a `Y.Text`, for `useSyncExternalStore`. */
function useCurrentText(current: Y.Text): string {
  return useSyncExternalStore(
    (listener) => {
      current.observe(listener);
      return () => current.unobserve(listener);
    },
    () => current.toString(),
  );
}

/**
 * A version against the text now, read-only, with @codemirror/merge's
 * unified view: what restoring the version would bring back is marked as
 * inserted, what it would take away as deleted, and long unchanged stretches
 * fold away. A sentence above says how much differs, for those who do not
 * see colours.
 */
export function VersionDiff({ text, current }: VersionDiffProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const now = useCurrentText(current);
  const dark = useTheme().resolved === "dark";
  // Changed stretches of lines, as the view marks them.
  const changes = Chunk.build(Text.of(now.split("\n")), Text.of(text.split("\n"))).length;

  useEffect(() => {
    const view = new EditorView({
      parent: hostRef.current!,
      state: EditorState.create({
        doc: text,
        extensions: [
          EditorState.readOnly.of(true),
          EditorView.editable.of(false),
          EditorView.lineWrapping,
          // The read-only text is still a textbox to assistive technology: it needs a name.
          EditorView.contentAttributes.of({
            "aria-label": "The version, compared with the text now",
          }),
          highlightStyle,
          darkThemeFlag(dark),
          unifiedMergeView({
            original: now,
            mergeControls: false,
            syntaxHighlightDeletions: false,
            collapseUnchanged: { margin: 2, minSize: 4 },
          }),
        ],
      }),
    });
    return () => view.destroy();
  }, [text, now, dark]);

  return (
    <div className="version-diff">
      <p className="version-diff__summary" data-testid="version-diff-summary">
        {changes === 0
          ? "Same as the text now."
          : `${changes === 1 ? "1 change" : `${changes} changes`} from the text now: restoring brings back the added lines and takes away the removed ones.`}
      </p>
      <div className="version-diff__view" ref={hostRef} data-testid="version-preview" />
    </div>
  );
}
