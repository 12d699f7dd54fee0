/** The service worker's cache name (app/public/service-worker.js). */
const CACHE_PREFIX = "quire-offline-";

/**
 * Registers the service worker that lets a page open once load again
 * offline. Not in unit tests or browsers without service workers, where the
 * app simply needs the network to load.
 */
export function keepPagesForOffline(): void {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker
    .register("/service-worker.js")
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      // What this page loads while the worker is being installed passes it
      // by; the worker is told every URL (those it already kept cost it a
      // lookup), the ones loaded before now included.
      const tell = (urls: string[]) =>
        registration.active?.postMessage({ type: "keep", urls, page: location.href });
      new PerformanceObserver((list) => tell(list.getEntries().map((entry) => entry.name))).observe(
        { type: "resource", buffered: true },
      );
    })
    .catch((error: unknown) => {
      console.warn("Quire will not load offline: the service worker did not register.", error);
    });
}

/** Drops every kept answer (sign-out), so nobody else reads them from this browser. */
export async function forgetOfflinePages(): Promise<void> {
  if (typeof caches === "undefined") return;
  const names = await caches.keys();
  await Promise.all(
    names.filter((name) => name.startsWith(CACHE_PREFIX)).map((name) => caches.delete(name)),
  );
}
