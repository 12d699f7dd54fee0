import { useSyncExternalStore } from "react";

/** The width below which the sidebar is a drawer and the file toolbar a menu (a phone). */
export const PHONE_QUERY = "(max-width: 639px)";

/** Whether a CSS media query matches now; re-renders when that changes. */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener("change", onChange);
      return () => list.removeEventListener("change", onChange);
    },
    () => window.matchMedia(query).matches,
  );
}
