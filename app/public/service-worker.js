// Quire's service worker: lets a page that was open once load again without
// a network, so a person who reloads offline still finds their files (the
// documents themselves come from IndexedDB; see app/sync/local-copy.ts).
//
// Network first for every same-origin GET: online, the page always gets the
// server's answer, which is also kept; offline, the last kept answer is used.
// Sockets never pass through a service worker. Signing out empties the cache
// (app/sync/offline-cache.ts), so the next person on this browser finds none
// of the last one's answers.

const CACHE = "quire-offline-v1";
/** A navigation to a page never seen before falls back to the app's shell. */
const SHELL = "/";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith(networkFirst(request));
});

// The page that registered this worker loaded before the worker could see
// its requests; it sends their URLs so that even that first visit can be
// reloaded offline.
self.addEventListener("message", (event) => {
  if (event.data?.type !== "keep") return;
  event.waitUntil(keep(event.data.urls, event.data.page));
});

async function keep(urls, page) {
  const cache = await caches.open(CACHE);
  const keepOne = async (url) => {
    if (await cache.match(url, { ignoreVary: true })) return;
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      if (shouldKeep(response)) await cache.put(url, response);
    } catch {
      // Offline already, or gone: nothing to keep.
    }
  };
  await Promise.all(
    urls.filter((url) => new URL(url).origin === self.location.origin).map(keepOne),
  );
  // The page last: once it is kept, everything it needs is too.
  await keepOne(page);
  const shell = await cache.match(page, { ignoreVary: true });
  if (shell) await cache.put(SHELL, shell);
}

/** Successful answers, but not downloads (exports), which are one-off. */
function shouldKeep(response) {
  return response.ok && !response.headers.get("Content-Disposition")?.startsWith("attachment");
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (shouldKeep(response)) {
      await cache.put(request, response.clone());
      if (request.mode === "navigate") await cache.put(SHELL, response.clone());
    }
    return response;
  } catch (error) {
    // ignoreVary: a module script asks with an Origin header that the kept
    // copy (fetched by this worker) did not have, and Vite's "Vary: Origin"
    // would otherwise hide it.
    const kept =
      (await cache.match(request, { ignoreVary: true })) ??
      (request.mode === "navigate" ? await cache.match(SHELL, { ignoreVary: true }) : undefined);
    if (kept) return kept;
    throw error;
  }
}
