import { useEffect, useRef, useSyncExternalStore } from "react";
import type { ShortcutId } from "./shortcuts.ts";

/**
 * Every action the app offers right now, for the command palette (issue 17
 * item 5): each component that has actions registers them while it is
 * mounted (`useCommands`), so the palette lists what the page really has
 * (the open file's History and Lock, the sidebar's New file…), each with
 * its shortcut from app/lib/shortcuts.ts when it has one.
 */
export interface Command {
  id: string;
  label: string;
  /** Shown beside it, and searched: "File", "Workspace", "View"… */
  group: string;
  /** The shortcut that does the same, if any. */
  shortcut?: ShortcutId;
  /** More words it is found by. */
  keywords?: string[];
  run: () => void;
}

const sources = new Map<symbol, readonly Command[]>();
const listeners = new Set<() => void>();
let snapshot: readonly Command[] = [];

function changed() {
  snapshot = [...sources.values()].flat();
  for (const listener of listeners) listener();
}

/** Registers `commands` while the calling component is mounted; a new list replaces the old. */
export function useCommands(commands: readonly Command[]): void {
  const key = useRef(Symbol("commands"));
  useEffect(() => {
    const own = key.current;
    sources.set(own, commands);
    changed();
  });
  useEffect(() => {
    const own = key.current;
    return () => {
      sources.delete(own);
      changed();
    };
  }, []);
}

/** Every registered command. */
export function useAllCommands(): readonly Command[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => snapshot,
  );
}
