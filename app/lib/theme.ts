import { useSyncExternalStore } from "react";

/**
 * Light or dark: "system" follows the operating system's
 * `prefers-color-scheme`; "light" and "dark" override it. The choice is kept
 * per browser in localStorage and applied as `data-theme` on `<html>`, where
 * app/styles.css turns it into `color-scheme`; every colour in the app is a
 * `light-dark()` pair, so one attribute switches everything, the editor too.
 */

/** The choices a person has, in the order the menu lists them. */
export const THEME_CHOICES = ["system", "light", "dark"] as const;

/** One of `THEME_CHOICES`. */
export type ThemeChoice = (typeof THEME_CHOICES)[number];

/** What the page actually shows. */
export type ResolvedTheme = "light" | "dark";

/** Words for each choice, as menus show them. */
export const THEME_LABELS: Record<ThemeChoice, string> = {
  system: "System",
  light: "Light",
  dark: "Dark",
};

/** localStorage key of the choice. */
export const THEME_STORAGE_KEY = "quire:theme";

const DARK_QUERY = "(prefers-color-scheme: dark)";
const listeners = new Set<() => void>();

function isThemeChoice(value: unknown): value is ThemeChoice {
  return (THEME_CHOICES as readonly unknown[]).includes(value);
}

function storedChoice(): ThemeChoice {
  try {
    const stored = localStorage.getItem(THEME_STORAGE_KEY);
    return isThemeChoice(stored) ? stored : "system";
  } catch {
    // Storage can be refused (privacy settings); the system's choice still works.
    return "system";
  }
}

function systemPrefersDark(): boolean {
  return window.matchMedia(DARK_QUERY).matches;
}

/** "light" or "dark" for a choice, given what the system prefers now. */
export function resolveTheme(choice: ThemeChoice, prefersDark: boolean): ResolvedTheme {
  if (choice === "system") return prefersDark ? "dark" : "light";
  return choice;
}

/** Puts the stored choice on `<html>`; main.tsx calls it before the first render. */
export function applyStoredTheme(): void {
  document.documentElement.dataset.theme = storedChoice();
}

/** Remembers `choice` in this browser and applies it at once (to every open tab). */
export function setThemeChoice(choice: ThemeChoice): void {
  try {
    localStorage.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // Not remembered, but still applied to this page.
  }
  document.documentElement.dataset.theme = choice;
  for (const listener of listeners) listener();
}

function subscribe(onChange: () => void): () => void {
  const query = window.matchMedia(DARK_QUERY);
  // Another tab changed the choice: follow it here too.
  const onStorage = (event: StorageEvent) => {
    if (event.key !== THEME_STORAGE_KEY) return;
    applyStoredTheme();
    onChange();
  };
  listeners.add(onChange);
  query.addEventListener("change", onChange);
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(onChange);
    query.removeEventListener("change", onChange);
    window.removeEventListener("storage", onStorage);
  };
}

/** The person's choice and what it resolves to now; re-renders when either changes. */
export function useTheme(): { choice: ThemeChoice; resolved: ResolvedTheme } {
  const choice = useSyncExternalStore(subscribe, storedChoice);
  const prefersDark = useSyncExternalStore(subscribe, systemPrefersDark);
  return { choice, resolved: resolveTheme(choice, prefersDark) };
}
