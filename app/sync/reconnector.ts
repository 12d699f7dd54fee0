import type { WebsocketProvider } from "y-websocket";
import { isRefusalCode } from "../../shared/errors.ts";

/** The longest wait between two attempts. */
export const MAX_RECONNECT_DELAY_MS = 30_000;
/** The cap of the first retry; each failed attempt doubles it up to the maximum. */
export const BASE_RECONNECT_DELAY_MS = 500;
/** Silence after which an open socket is presumed dead (y-websocket uses the same). */
const SILENCE_LIMIT_MS = 30_000;
const WATCHDOG_PERIOD_MS = 3_000;

/**
 * Exponential backoff with full jitter: a uniformly random wait between 0
 * and the capped exponential. Spreading retries over the whole window keeps
 * a crowd of clients that lost the server together from returning together.
 */
export function fullJitterDelay(attempt: number, random: () => number = Math.random): number {
  const cap = Math.min(MAX_RECONNECT_DELAY_MS, BASE_RECONNECT_DELAY_MS * 2 ** attempt);
  return Math.floor(random() * cap);
}

/**
 * Decides when a document's socket reconnects, in place of y-websocket's own
 * backoff (which has no jitter and no cap above 2.5 s) and its silence
 * watchdog (which background-tab timer throttling fools into closing healthy
 * sockets).
 *
 * - After a close it waits `fullJitterDelay(attempt)`; a sync resets the count.
 * - It retries at once when the browser comes back `online`, when the tab
 *   becomes visible and on `pageshow` (back/forward cache), which are the
 *   moments a person is looking and a wait would only be felt.
 * - `offline` closes the socket at once (Chromium keeps a dead one open).
 * - A refusal (close 4400–4499) stops it for good, as it does y-websocket.
 * - Silence counts only while timers run on time: a throttled or suspended
 *   tab's late timer says nothing about the socket.
 */
export class Reconnector {
  #provider: WebsocketProvider;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  #silentMs = 0;
  #lastTick = Date.now();
  #lastMessageSeen = 0;
  #watchdog: ReturnType<typeof setInterval>;
  #detach: () => void;

  constructor(provider: WebsocketProvider) {
    this.#provider = provider;
    // y-websocket treats every 4400–4499 close as final, 4429 included, and
    // says so with its `closed` event (the header then reads "Offline"); here
    // 4429 is retried like a drop, as everywhere in Quire (e2e/close-codes.spec.ts).
    provider.shouldReconnect = (event) => !isRefusalCode(event.code, event.reason);
    // Replace y-websocket's watchdog with one that knows about throttling.
    clearInterval((provider as unknown as { _checkInterval: number })._checkInterval);
    this.#watchdog = setInterval(() => this.#checkSilence(), WATCHDOG_PERIOD_MS);

    const onConnectionClose = (event: CloseEvent | null) => {
      // `shouldConnect` is still what the app wants: false after disconnect().
      const wanted = provider.shouldConnect;
      // Turn y-websocket's own scheduled retry into a no-op; ours follows.
      provider.shouldConnect = false;
      if (event && isRefusalCode(event.code, event.reason)) this.#stopped = true;
      if (wanted && !this.#stopped) this.#scheduleRetry();
    };
    const onSync = (synced: boolean) => {
      if (synced) this.#attempt = 0;
    };
    const onOffline = () => this.disconnect();
    const onOnline = () => this.connectNow();
    const onVisibility = () => {
      if (document.visibilityState === "visible") this.#retryNowIfWaiting();
    };
    const onPageShow = () => this.#retryNowIfWaiting();

    provider.on("connection-close", onConnectionClose);
    provider.on("sync", onSync);
    window.addEventListener("offline", onOffline);
    window.addEventListener("online", onOnline);
    document.addEventListener("visibilitychange", onVisibility);
    window.addEventListener("pageshow", onPageShow);
    this.#detach = () => {
      provider.off("connection-close", onConnectionClose);
      provider.off("sync", onSync);
      window.removeEventListener("offline", onOffline);
      window.removeEventListener("online", onOnline);
      document.removeEventListener("visibilitychange", onVisibility);
      window.removeEventListener("pageshow", onPageShow);
    };
  }

  /**
   * Makes the first connection attempt on the next task rather than now: a
   * session closed at once (React's StrictMode mounts every effect twice in
   * development) then never opens a socket. One closed while still
   * connecting can leave the server believing it open, and the person shown
   * in the file after they left.
   */
  start(): void {
    this.#cancelRetry();
    this.#retryTimer = setTimeout(() => this.connectNow(), 0);
  }

  /** Connects now unless the server refused this socket for good or the browser is offline. */
  connectNow(): void {
    this.#cancelRetry();
    if (this.#stopped || !navigator.onLine) return;
    this.#provider.connect();
  }

  /** Closes the socket and stops retrying until `connectNow`. */
  disconnect(): void {
    this.#cancelRetry();
    this.#provider.disconnect();
  }

  destroy(): void {
    this.#cancelRetry();
    clearInterval(this.#watchdog);
    this.#detach();
  }

  #scheduleRetry(): void {
    this.#cancelRetry();
    const delay = fullJitterDelay(this.#attempt++);
    this.#retryTimer = setTimeout(() => this.connectNow(), delay);
  }

  #retryNowIfWaiting(): void {
    if (this.#retryTimer !== undefined) this.connectNow();
  }

  #cancelRetry(): void {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  #checkSilence(): void {
    const now = Date.now();
    const elapsed = now - this.#lastTick;
    this.#lastTick = now;
    const provider = this.#provider;
    if (!provider.wsconnected || provider.wsLastMessageReceived !== this.#lastMessageSeen) {
      this.#lastMessageSeen = provider.wsLastMessageReceived;
      this.#silentMs = 0;
      return;
    }
    // A tick far later than asked means this tab's timers were throttled or
    // the machine slept: the echo we are waiting for may not even have been
    // requested yet, so that time does not count as silence.
    if (elapsed > 2 * WATCHDOG_PERIOD_MS) return;
    this.#silentMs += elapsed;
    if (this.#silentMs < SILENCE_LIMIT_MS) return;
    this.#silentMs = 0;
    // A dead socket may never fire its close event, so drop it ourselves
    // (as y-websocket's watchdog does) and retry on our schedule.
    provider.disconnect();
    this.#scheduleRetry();
  }
}
