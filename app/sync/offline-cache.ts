/** The service worker's cache name (app/public/service-worker.js). */
const CACHE_PREFIX = "quire-offline-";
/** The cache the service worker reads offline; the same name as `CACHE` in service-worker.js. */
const OFFLINE_CACHE = `${CACHE_PREFIX}v1`;

/**
 * Puts `body` in the service worker's cache as the answer to `GET path`, so
 * a reload offline shows what the app last knew rather than the answer the
 * page loaded with: the workspace's tree moves on through its live socket
 * (files made in the app since), which the service worker never sees.
 * Only where a service worker serves the page; best effort.
 */
export async function keepAnswer(path: string, body: unknown): Promise<void> {
  if (typeof caches === "undefined" || !navigator.serviceWorker?.controller) return;
  try {
    const cache = await caches.open(OFFLINE_CACHE);
    const headers = { "Content-Type": "application/json; charset=utf-8" };
    await cache.put(path, new Response(JSON.stringify(body), { headers }));
  } catch (error) {
    console.warn("The workspace was not kept for offline use.", error);
  }
}

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
