import { EditorSelection, type Extension } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { useCallback, useEffect, useRef, useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { CollabEditor } from "../editor/collab-editor.tsx";
import { onRevealRequest, takeReveal } from "../lib/reveal.ts";
import { useIdleDerived } from "./idle-text.ts";
import { MarkdownPreview } from "./markdown-preview.tsx";
import { counts, countLabel, type Heading, headingAt, outline } from "./outline.ts";
import { OutlinePanel } from "./outline-panel.tsx";
import { linkScroll } from "./scroll-sync.ts";
import "./file-body.css";

const NO_HEADINGS: readonly Heading[] = [];

/** How a Markdown file is shown: its source, source and preview side by side, or the preview. */
export type ViewMode = "edit" | "split" | "preview";

/** Props of `FileBody`. */
export interface FileBodyProps {
  fileId: string;
  text: Y.Text;
  awareness: Awareness;
  fileName: string;
  readOnly: boolean;
  /** Always "edit" for a file that is not Markdown. */
  mode: ViewMode;
  outlineOpen: boolean;
  onCloseOutline: () => void;
  /** A relative link in the preview was followed (`href` as written). */
  onOpenLink: (href: string) => void;
  /** More of the editor (the comments' part), stable across renders. */
  editorExtensions?: Extension;
  /** Hands out the editor's view once made (null when gone). */
  onEditorView?: (view: EditorView | null) => void;
}

/**
 * The open file's text: the shared editor, the Markdown preview beside it or
 * instead of it, the outline, and the status bar with the counts. The editor
 * stays mounted in every mode (hidden in Preview), so the caret, undo and the
 * cursor others see are the same when switching.
 */
export function FileBody({
  fileId,
  text,
  awareness,
  fileName,
  readOnly,
  mode,
  outlineOpen,
  onCloseOutline,
  onOpenLink,
  editorExtensions,
  onEditorView,
}: FileBodyProps) {
  const [view, setView] = useState<EditorView | null>(null);
  useEffect(() => onEditorView?.(view), [view, onEditorView]);
  const [caretLine, setCaretLine] = useState(1);
  const previewRef = useRef<HTMLElement>(null);
  const alignRef = useRef<() => void>(() => {});
  const headings = useIdleDerived(text, outline) ?? NO_HEADINGS;
  const tally = useIdleDerived(text, counts);

  // Split: the two sides scroll together.
  useEffect(() => {
    const preview = previewRef.current;
    if (mode !== "split" || !view || !preview) return;
    const link = linkScroll(view, preview);
    alignRef.current = link.align;
    link.align();
    return () => {
      link.stop();
      alignRef.current = () => {};
    };
  }, [mode, view]);

  // A search result asked for a place in this file: select it, in view.
  useEffect(() => {
    if (!view) return;
    const reveal = () => {
      const request = takeReveal(fileId);
      if (!request) return;
      const doc = view.state.doc;
      const line = doc.line(Math.min(Math.max(request.line, 1), doc.lines));
      const from = Math.min(line.from + request.from, line.to);
      const to = Math.min(line.from + request.to, line.to);
      view.dispatch({
        selection: EditorSelection.single(from, to),
        effects: EditorView.scrollIntoView(from, { y: "center" }),
      });
      view.focus();
    };
    reveal();
    return onRevealRequest(reveal);
  }, [view, fileId]);

  const jump = useCallback(
    (index: number) => {
      const heading = headings[index];
      if (!heading || !view) return;
      if (mode === "preview") {
        const elements = previewRef.current?.querySelectorAll("h1, h2, h3, h4, h5, h6");
        elements?.[index]?.scrollIntoView({ block: "start" });
        return;
      }
      const line = view.state.doc.line(Math.min(heading.line, view.state.doc.lines));
      view.dispatch({
        selection: EditorSelection.cursor(line.from),
        effects: EditorView.scrollIntoView(line.from, { y: "start" }),
      });
      view.focus();
    },
    [headings, view, mode],
  );

  return (
    <div className="file-body" data-mode={mode}>
      <div className="file-body__panes">
        <div className="file-body__source" hidden={mode === "preview"}>
          <CollabEditor
            text={text}
            awareness={awareness}
            fileName={fileName}
            readOnly={readOnly}
            onView={setView}
            onCaretLine={setCaretLine}
            extensions={editorExtensions}
          />
        </div>
        {mode !== "edit" && (
          <MarkdownPreview
            text={text}
            scrollRef={previewRef}
            onOpenLink={onOpenLink}
            onRendered={() => alignRef.current()}
          />
        )}
        {outlineOpen && (
          <OutlinePanel
            headings={headings}
            current={headingAt(headings, caretLine)}
            onJump={jump}
            onClose={onCloseOutline}
          />
        )}
      </div>
      <div className="file-status" data-testid="file-status">
        {tally && (
          <>
            <span data-testid="word-count">{countLabel(tally.words, "word")}</span>
            <span data-testid="character-count">{countLabel(tally.characters, "character")}</span>
          </>
        )}
        <span className="file-status__line">Line {caretLine}</span>
      </div>
    </div>
  );
}
