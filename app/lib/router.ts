import { useSyncExternalStore } from "react";

/**
 * A tiny client-side router: the History API plus one event, because the app
 * has three pages and a router dependency would be heavier than the feature.
 */

/** Fired on `window` after `navigate` changes the URL; `pushState` itself fires nothing. */
const NAVIGATE_EVENT = "quire:navigate";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

function currentPathname(): string {
  return window.location.pathname;
}

/** The current URL path; re-renders on back/forward and on `navigate`. */
export function usePathname(): string {
  return useSyncExternalStore(subscribe, currentPathname);
}

/** Goes to `path` inside the app without a page load (adds a history entry). */
export function navigate(path: string): void {
  if (path === window.location.pathname) return;
  window.history.pushState(null, "", path);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}
