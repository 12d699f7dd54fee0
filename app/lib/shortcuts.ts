import { useEffect, useRef } from "react";

/**
 * The app's keyboard shortcuts, in one registry: each has an id, its keys
 * and what it does, and the README and the Keyboard shortcuts dialog list
 * them from here. A component that handles one calls `useShortcut(id, ...)`;
 * one keydown listener on the window dispatches to the newest handler, before
 * the browser (Ctrl+S would save the page) and before the editor.
 *
 * To add one: a line in `SHORTCUTS`, then `useShortcut` where it acts.
 */

/** `Mod` is Ctrl, or ⌘ on a Mac. Keys are `KeyboardEvent.key` values. */
export const SHORTCUTS = [
  {
    id: "focus-tree",
    keys: "Mod+Shift+E",
    description: "Go to the file tree; again, back to the editor",
  },
  {
    id: "save",
    keys: "Mod+S",
    description: "Show whether the file is saved (it saves as you type)",
  },
  { id: "quick-open", keys: "Mod+P", description: "Open a file by name (quick open)" },
  { id: "search", keys: "Mod+Shift+F", description: "Search every file of the workspace" },
  { id: "palette", keys: "Mod+K", description: "Command palette: every action, by name" },
  { id: "palette-alt", keys: "Mod+Shift+P", description: "Command palette (as in other editors)" },
  {
    id: "view-mode",
    keys: "Mod+Shift+V",
    description: "Markdown: Edit, then Split, then Preview, then Edit",
  },
  {
    id: "comment",
    keys: "Mod+Alt+M",
    description: "Comment on the selected text (as in Google Docs)",
  },
  { id: "shortcuts", keys: "?", description: "Show these shortcuts (outside a text field)" },
] as const;

/** The id of a registered shortcut. */
export type ShortcutId = (typeof SHORTCUTS)[number]["id"];

/** Keys handled inside the file tree, listed beside the shortcuts. */
export const TREE_KEYS = [
  { keys: "↑ ↓", description: "Move between rows" },
  { keys: "→ ←", description: "Open or close a folder; go in or out" },
  { keys: "Enter", description: "Open the file, with the caret in it" },
  { keys: "F2", description: "Rename" },
  { keys: "Delete", description: "Move to the trash" },
  { keys: "Shift+F10", description: "The row's menu: Move to…, Copy link, Download" },
  { keys: "Escape", description: "Back to the editor" },
] as const;

const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

/** Keys as this computer writes them: "Ctrl+Shift+E", or "⌘⇧E" on a Mac. */
export function keysLabel(keys: string): string {
  if (!isMac) return keys.replace("Mod", "Ctrl");
  return keys
    .replace("Mod+", "⌘")
    .replace("Shift+", "⇧")
    .replace("Alt+", "⌥")
    .replace("Ctrl+", "⌃");
}

/** Whether a keydown is `keys` ("Mod+Shift+E", "?"). */
export function matches(event: KeyboardEvent, keys: string): boolean {
  const parts = keys.split("+");
  const key = parts.at(-1) ?? "";
  const mod = parts.includes("Mod");
  const shift = parts.includes("Shift");
  const alt = parts.includes("Alt");
  const modDown = isMac ? event.metaKey : event.ctrlKey;
  if (mod !== modDown || alt !== event.altKey) return false;
  // "?" is itself a shifted key: its Shift is not asked about.
  if (key.length === 1 && !/[a-z]/i.test(key)) return event.key === key;
  if (shift !== event.shiftKey) return false;
  // With Alt a letter key may type another character (⌥M is "µ" on a Mac): its code still says M.
  return event.key.toLowerCase() === key.toLowerCase() || event.code === `Key${key.toUpperCase()}`;
}

type Handler = (event: KeyboardEvent) => void;
const handlers = new Map<ShortcutId, Handler[]>();
let listening = false;

function onKeyDown(event: KeyboardEvent) {
  if (event.defaultPrevented || event.isComposing) return;
  for (const shortcut of SHORTCUTS) {
    const handler = handlers.get(shortcut.id)?.at(-1);
    if (!handler || !matches(event, shortcut.keys)) continue;
    // A bare key ("?") is text inside a field or the editor.
    if (!shortcut.keys.includes("Mod") && isTyping(event.target)) continue;
    event.preventDefault();
    handler(event);
    return;
  }
}

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || target.matches("input, textarea, select"))
  );
}

/** Runs `handler` on shortcut `id` while the calling component is mounted (and `enabled`). */
export function useShortcut(id: ShortcutId, handler: Handler, enabled = true): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!enabled) return;
    if (!listening) {
      window.addEventListener("keydown", onKeyDown, { capture: true });
      listening = true;
    }
    const own: Handler = (event) => latest.current(event);
    handlers.set(id, [...(handlers.get(id) ?? []), own]);
    return () => {
      handlers.set(
        id,
        (handlers.get(id) ?? []).filter((entry) => entry !== own),
      );
    };
  }, [id, enabled]);
}
