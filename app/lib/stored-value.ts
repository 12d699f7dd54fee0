import { useCallback, useSyncExternalStore } from "react";

/**
 * A small value kept in this browser's localStorage (the sidebar's width,
 * whether it is collapsed), shared live by every component and tab that
 * reads it. Storage that is refused or full costs only the remembering.
 */

const listeners = new Map<string, Set<() => void>>();

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Not remembered; still applied below.
  }
  for (const listener of listeners.get(key) ?? []) listener();
}

function subscribe(key: string, onChange: () => void): () => void {
  const own = listeners.get(key) ?? new Set();
  own.add(onChange);
  listeners.set(key, own);
  const onStorage = (event: StorageEvent) => event.key === key && onChange();
  window.addEventListener("storage", onStorage);
  return () => {
    own.delete(onChange);
    window.removeEventListener("storage", onStorage);
  };
}

/**
 * The stored value at `key`, turned into a value by `parse` (which gets
 * null when nothing usable is stored and must then give the default), and a
 * setter that stores `String(value)`.
 */
export function useStoredValue<T extends string | number | boolean>(
  key: string,
  parse: (raw: string | null) => T,
): [T, (value: T) => void] {
  const raw = useSyncExternalStore(
    (onChange) => subscribe(key, onChange),
    () => read(key),
  );
  const set = useCallback((value: T) => write(key, String(value)), [key]);
  return [parse(raw), set];
}
