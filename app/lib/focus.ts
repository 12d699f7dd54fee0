import { useEffect, useRef } from "react";

/**
 * Where keyboard focus goes when a person asks for a part of the page (the
 * skip link, the shortcuts in app/lib/shortcuts.ts). The parts mark
 * themselves with ids; nothing here needs to know which page is showing.
 */

/** The id of every page's `<main>`; the workspace page's holds the editor. */
export const MAIN_ID = "main";

/** The id of the workspace's file tree (`role="tree"`). */
export const FILE_TREE_ID = "file-tree";

/** Puts the caret in the open file's editor, or focuses the main area if no file is open. */
export function focusEditor(): boolean {
  const main = document.getElementById(MAIN_ID);
  const editor = main?.querySelector<HTMLElement>(".cm-content");
  const target = editor ?? main;
  target?.focus();
  return target !== null && target !== undefined;
}

/** Focuses the file tree on its current row; false when there is no tree on the page. */
export function focusFileTree(): boolean {
  const tree = document.getElementById(FILE_TREE_ID);
  if (!tree) return false;
  const row = tree.querySelector<HTMLElement>('[role="treeitem"][tabindex="0"]');
  (row ?? tree).focus();
  return true;
}

/**
 * Focuses `target()` once `ready`, but only if focus is nowhere: the element
 * the person last used has gone (the Continue button after signing in, the
 * Create button after creating a workspace) or the page has just loaded.
 * Focus the person put somewhere themselves is never moved.
 */
export function useArrivalFocus(target: () => HTMLElement | null | undefined, ready: boolean) {
  // The latest `target`, read when `ready` turns true: it may be a new function every render.
  const targetRef = useRef(target);
  useEffect(() => {
    targetRef.current = target;
  });
  useEffect(() => {
    if (!ready) return;
    const active = document.activeElement;
    if (active && active !== document.body) return;
    targetRef.current()?.focus();
  }, [ready]);
}

let editorFocusRequested = false;

/**
 * Asks for the caret to go into the editor of the file about to open (after
 * creating a file, or pressing Enter on it in the tree): the editor appears
 * only once the file has synced, so the file pane takes the request then.
 */
export function requestEditorFocus(): void {
  editorFocusRequested = true;
}

/** Whether an editor focus request is waiting. */
export function editorFocusPending(): boolean {
  return editorFocusRequested;
}

/** Takes the waiting request, if any: true once per request. */
export function takeEditorFocusRequest(): boolean {
  const requested = editorFocusRequested;
  editorFocusRequested = false;
  return requested;
}
