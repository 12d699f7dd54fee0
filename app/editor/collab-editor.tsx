import { Compartment, EditorState, type Extension } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { useEffect, useRef } from "react";
import { yCollab } from "y-codemirror.next";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { useTheme } from "../lib/theme.ts";
import { collaborativeSetup } from "./editor-setup.ts";
import { relabelCaretsOnRename } from "./relabel-carets.ts";
import { darkThemeFlag, editorTheme, highlightStyle } from "./editor-theme.ts";
import { loadLanguageForFileName, markdownLanguage } from "./language-for-file-name.ts";

/** Props of `CollabEditor`. */
export interface CollabEditorProps {
  /** The shared text; every keystroke edits it and every remote edit shows at once. */
  text: Y.Text;
  /** Carries this person's cursor out and draws everyone else's. */
  awareness: Awareness;
  /** Picks syntax highlighting by extension; Markdown when absent or unknown. */
  fileName?: string;
  /** A viewer (or someone else holding the file's lock) reads but cannot type. */
  readOnly?: boolean;
  /** Hands out the view once made (and null when gone): the outline jumps and Split scrolls with it. */
  onView?: (view: EditorView | null) => void;
  /** The caret moved to another line (1-based): the outline follows it. */
  onCaretLine?: (line: number) => void;
  /** More of the editor (the comments' highlights and button); keep it stable across renders. */
  extensions?: Extension;
}

/**
 * A CodeMirror 6 editor bound to a `Y.Text` with y-codemirror.next: shared
 * text, remote carets labelled with names, and undo that only undoes this
 * person's own edits.
 */
export function CollabEditor({
  text,
  awareness,
  fileName,
  readOnly = false,
  onView,
  onCaretLine,
  extensions = NO_EXTENSIONS,
}: CollabEditorProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const languageRef = useRef(new Compartment());
  const editableRef = useRef(new Compartment());
  const darkRef = useRef(new Compartment());
  const collabRef = useRef(new Compartment());
  const extraRef = useRef(new Compartment());
  // Only the first value is read at mount; later ones come through the reconfigure effect below.
  const extraNow = useRef(extensions);
  const dark = useTheme().resolved === "dark";
  const listeners = useRef({ onView, onCaretLine });
  useEffect(() => {
    listeners.current = { onView, onCaretLine };
  });

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    // A Y.UndoManager scoped to this text tracks only this editor's own
    // transactions (y-codemirror.next adds its sync origin), so Ctrl+Z never
    // takes back what someone else typed. Keystrokes less than 500 ms apart
    // (its captureTimeout) undo as one step, as in other editors.
    const undoManager = new Y.UndoManager(text);
    const view = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: text.toString(),
        extensions: [
          collaborativeSetup(),
          languageRef.current.of(markdownLanguage()),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ "aria-label": "Document text" }),
          // Read-only until the effect below applies `readOnly`: never editable by mistake.
          editableRef.current.of(editability(true)),
          // Set by the effect below, straight after the view is made.
          darkRef.current.of([]),
          editorTheme,
          highlightStyle,
          collabRef.current.of(yCollab(text, awareness, { undoManager })),
          caretLineListener((line) => listeners.current.onCaretLine?.(line)),
          extraRef.current.of(extraNow.current),
        ],
      }),
    });
    viewRef.current = view;
    listeners.current.onView?.(view);
    const stopRelabelling = relabelCaretsOnRename(view, awareness, collabRef.current, () =>
      yCollab(text, awareness, { undoManager }),
    );
    return () => {
      stopRelabelling();
      listeners.current.onView?.(null);
      viewRef.current = null;
      view.destroy();
      undoManager.destroy();
    };
  }, [text, awareness]);

  useEffect(() => {
    let current = true;
    loadLanguageForFileName(fileName).then(
      (language) => {
        if (current)
          viewRef.current?.dispatch({ effects: languageRef.current.reconfigure(language) });
      },
      (error: unknown) => {
        // A language chunk that fails to load (offline, deploy in between)
        // costs highlighting only; the text stays editable.
        console.warn(`Could not load highlighting for ${fileName ?? "this document"}`, error);
      },
    );
    return () => {
      current = false;
    };
  }, [fileName, text, awareness]);

  useEffect(() => {
    viewRef.current?.dispatch({ effects: editableRef.current.reconfigure(editability(readOnly)) });
  }, [readOnly, text, awareness]);

  useEffect(() => {
    viewRef.current?.dispatch({ effects: darkRef.current.reconfigure(darkThemeFlag(dark)) });
  }, [dark, text, awareness]);

  useEffect(() => {
    viewRef.current?.dispatch({ effects: extraRef.current.reconfigure(extensions) });
  }, [extensions, text, awareness]);

  return <div className="editor" ref={hostRef} data-readonly={readOnly || undefined} />;
}

const NO_EXTENSIONS: Extension = [];

/** Calls `report` when the main caret lands on another line (not on every keystroke of a line). */
function caretLineListener(report: (line: number) => void) {
  let last = -1;
  return EditorView.updateListener.of((update) => {
    if (!update.selectionSet && !update.docChanged) return;
    const line = update.state.doc.lineAt(update.state.selection.main.head).number;
    if (line === last) return;
    last = line;
    report(line);
  });
}

function editability(readOnly: boolean) {
  return [EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)];
}
