import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { EditorView } from "@codemirror/view";
import { tags } from "@lezer/highlight";

/**
 * How the editor looks, in light and dark alike: every colour is a CSS
 * variable from app/styles.css (a `light-dark()` pair), so the page's theme
 * switches the editor without rebuilding it. CodeMirror's own defaults
 * (selection, cursor, search panel) follow `EditorView.darkTheme`, which
 * `darkThemeFlag` sets; e2e/dark-mode.spec.ts checks the computed colours.
 */
export const editorTheme = EditorView.theme({
  "&": {
    height: "100%",
    fontSize: "15px",
    color: "var(--text)",
    backgroundColor: "var(--surface)",
  },
  ".cm-scroller": { fontFamily: "var(--font-mono)", lineHeight: "1.6" },
  // Room above the first line, where a remote caret's name label sits.
  ".cm-content": { padding: "1.5rem 0 4rem", caretColor: "var(--text)" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "var(--text)" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection":
    { backgroundColor: "var(--editor-selection)" },
  ".cm-activeLine": { backgroundColor: "var(--editor-active-line)" },
  ".cm-activeLineGutter": { backgroundColor: "var(--editor-active-line)" },
  ".cm-gutters": { backgroundColor: "transparent", border: "none", color: "var(--text-muted)" },
  ".cm-panels": { backgroundColor: "var(--surface-raised)", color: "var(--text)" },
  ".cm-panels.cm-panels-bottom": { borderTop: "1px solid var(--border)" },
  ".cm-panels.cm-panels-top": { borderBottom: "1px solid var(--border)" },
  ".cm-textfield": {
    backgroundColor: "var(--surface)",
    color: "var(--text)",
    border: "1px solid var(--border-strong)",
  },
  ".cm-button": {
    backgroundImage: "none",
    backgroundColor: "var(--surface)",
    color: "var(--text)",
    border: "1px solid var(--border-strong)",
  },
  ".cm-searchMatch": { backgroundColor: "var(--editor-match)" },
  ".cm-searchMatch.cm-searchMatch-selected": { backgroundColor: "var(--editor-match-selected)" },
  ".cm-tooltip": {
    backgroundColor: "var(--surface-raised)",
    color: "var(--text)",
    border: "1px solid var(--border)",
  },
  ".cm-foldPlaceholder": {
    backgroundColor: "var(--surface-hover)",
    color: "var(--text-muted)",
    border: "1px solid var(--border)",
  },
  // y-codemirror.next shows names only on hover; people expect to see who is
  // where at a glance, as in other collaborative editors. The label's
  // background is the person's colour; a 30% shade over it keeps white text
  // at 5.4:1 or better on every palette colour (WCAG AA for small text).
  ".cm-ySelectionInfo": {
    opacity: "1",
    fontFamily: "var(--font-sans)",
    fontSize: "11px",
    fontWeight: "600",
    borderRadius: "3px 3px 3px 0",
    padding: "1px 4px",
    top: "-1.4em",
    color: "white",
    backgroundImage: "linear-gradient(var(--label-shade) 0 0)",
  },
});

/**
 * Syntax colours as CSS variables (`--hl-*` in app/styles.css), with the
 * same tags as CodeMirror's default style: the light values are its own, the
 * dark ones are chosen to read on the dark surface at 4.5:1 or better.
 */
export const highlightStyle = syntaxHighlighting(
  HighlightStyle.define([
    { tag: tags.meta, color: "var(--hl-meta)" },
    { tag: tags.link, textDecoration: "underline" },
    { tag: tags.heading, textDecoration: "underline", fontWeight: "bold" },
    { tag: tags.emphasis, fontStyle: "italic" },
    { tag: tags.strong, fontWeight: "bold" },
    { tag: tags.strikethrough, textDecoration: "line-through" },
    { tag: tags.keyword, color: "var(--hl-keyword)" },
    {
      tag: [tags.atom, tags.bool, tags.url, tags.contentSeparator, tags.labelName],
      color: "var(--hl-atom)",
    },
    { tag: [tags.literal, tags.inserted], color: "var(--hl-literal)" },
    { tag: [tags.string, tags.deleted], color: "var(--hl-string)" },
    { tag: [tags.regexp, tags.escape, tags.special(tags.string)], color: "var(--hl-regexp)" },
    { tag: tags.definition(tags.variableName), color: "var(--hl-definition)" },
    { tag: tags.local(tags.variableName), color: "var(--hl-local)" },
    { tag: [tags.typeName, tags.namespace], color: "var(--hl-type)" },
    { tag: tags.className, color: "var(--hl-class)" },
    { tag: [tags.special(tags.variableName), tags.macroName], color: "var(--hl-macro)" },
    { tag: tags.definition(tags.propertyName), color: "var(--hl-property)" },
    { tag: tags.comment, color: "var(--hl-comment)" },
    { tag: tags.invalid, color: "var(--hl-invalid)" },
  ]),
);

/** Tells CodeMirror's built-in styles (search panel, selection defaults) which theme is on. */
export function darkThemeFlag(dark: boolean) {
  return EditorView.darkTheme.of(dark);
}
