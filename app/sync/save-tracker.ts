import * as encoding from "lib0/encoding";
import type { WebsocketProvider } from "y-websocket";
import type * as Y from "yjs";
import { MessageTag } from "../../shared/protocol/messages.ts";
import { relativeTime } from "../lib/when.ts";
import type { ServerFrames } from "./server-frames.ts";

/** How many of this person's changes the server has not yet confirmed as stored. */
export interface SaveSnapshot {
  unsaved: number;
  connected: boolean;
  /** When the server last confirmed every change of this browser's (ms), if ever known here. */
  lastSavedAt?: number;
}

/** What this browser remembers about a file's changes between page loads (localStorage). */
interface Remembered {
  unsaved: boolean;
  lastSavedAt?: number;
}

/** The localStorage key prefix (sign-out forgets them with the local copies). */
export const SAVES_KEY_PREFIX = "quire-saves:";

/**
 * Counts this tab's changes until the server says they are in SQLite. The
 * document acknowledges every update frame in order (tag 102, asked for with
 * `?acks=1`), so each frame sent is queued with how many changes it carries:
 * one for a live edit, all the offline ones for the sync step 2 sent after a
 * reconnect. A frame lost with a dropped socket puts its changes back among
 * the offline ones, which the next step 2 carries.
 *
 * Only this person's edits count: the document filled from this browser's
 * local copy (`localCopy`'s origin) and the server's updates are not changes
 * to save (counting the first made a phantom "1 change not yet saved" on
 * every offline load, and a "Saving…" that never ended for viewers). Whether
 * changes were left unsaved, and when everything was last saved, are kept
 * per file in localStorage, so a reload while offline still says so.
 */
export class SaveTracker {
  #inFlight: number[] = [];
  #offline = 0;
  #lastSavedAt: number | undefined;
  #snapshot: SaveSnapshot = { unsaved: 0, connected: false };
  #discarded = false;
  readonly #key: string;
  readonly #listeners = new Set<() => void>();

  constructor(
    provider: WebsocketProvider,
    doc: Y.Doc,
    frames: ServerFrames,
    options: { fileId: string; localCopy: unknown },
  ) {
    this.#key = SAVES_KEY_PREFIX + options.fileId;
    const remembered = recall(this.#key);
    this.#lastSavedAt = remembered?.lastSavedAt;
    // Left unsaved by an earlier page: the local copy holds them, and the
    // first step 2 after connecting carries them, so they count as one until then.
    if (remembered?.unsaved) this.#offline = 1;
    doc.on("update", (_update: Uint8Array, origin: unknown) => {
      if (origin === provider || (origin !== null && origin === options.localCopy)) return;
      if (provider.wsconnected) this.#inFlight.push(1);
      else this.#offline++;
      this.#publish(provider);
    });
    const sync = provider.messageHandlers[MessageTag.sync]!;
    provider.messageHandlers[MessageTag.sync] = (encoder, decoder, ...rest) => {
      const before = encoding.length(encoder);
      sync(encoder, decoder, ...rest);
      // The server's step 1 was answered with our step 2: it carries every offline change.
      if (encoding.length(encoder) > before + 1) {
        this.#inFlight.push(this.#offline);
        this.#offline = 0;
      }
    };
    frames.on("saved", () => {
      this.#inFlight.shift();
      this.#publish(provider);
    });
    provider.on("status", ({ status }: { status: string }) => {
      if (status === "disconnected") {
        this.#offline += this.#inFlight.reduce((sum, count) => sum + count, 0);
        this.#inFlight = [];
      }
      this.#publish(provider);
    });
    this.#publish(provider);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): SaveSnapshot => this.#snapshot;

  /**
   * The session's changes were refused and it is replaced by one with the
   * server's state (issue 15.5): what this tracker remembers for the file
   * goes, and it remembers nothing more, so the new session does not start
   * out with "unsaved changes" that no longer exist.
   */
  discard(): void {
    this.#discarded = true;
    try {
      localStorage.removeItem(this.#key);
    } catch {
      // Storage refused: nothing was remembered either.
    }
  }

  #publish(provider: WebsocketProvider): void {
    const unsaved = this.#offline + this.#inFlight.reduce((sum, count) => sum + count, 0);
    const connected = provider.wsconnected;
    // Everything confirmed while connected (the first step 2's answer included): saved now.
    if (unsaved === 0 && connected && this.#inFlight.length === 0) this.#lastSavedAt = Date.now();
    const lastSavedAt = this.#lastSavedAt;
    const previous = this.#snapshot;
    if (
      !this.#discarded &&
      (unsaved > 0 || previous.unsaved > 0 || connected !== previous.connected)
    ) {
      remember(this.#key, { unsaved: unsaved > 0, lastSavedAt });
    }
    if (
      unsaved === previous.unsaved &&
      connected === previous.connected &&
      lastSavedAt === previous.lastSavedAt
    )
      return;
    this.#snapshot = { unsaved, connected, lastSavedAt };
    for (const listener of this.#listeners) listener();
  }
}

function recall(key: string): Remembered | undefined {
  try {
    const raw = localStorage.getItem(key);
    const parsed: unknown = raw ? JSON.parse(raw) : undefined;
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const { unsaved, lastSavedAt } = parsed as Record<string, unknown>;
    return {
      unsaved: unsaved === true,
      lastSavedAt: typeof lastSavedAt === "number" ? lastSavedAt : undefined,
    };
  } catch {
    return undefined;
  }
}

function remember(key: string, value: Remembered): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Not remembered: a reload offline will not know; nothing else is lost.
  }
}

/**
 * "Saved", "Saving…", or offline "Unsaved changes" with how long ago
 * everything was last saved. Changes are not counted for the person: one
 * typing burst is dozens of updates, and a count of those means nothing.
 * `short` is for a phone's bar ("Unsaved · 5 min. ago").
 */
export function saveLabel(
  { unsaved, connected, lastSavedAt }: SaveSnapshot,
  now = Date.now(),
  options: { short?: boolean } = {},
): string {
  if (unsaved === 0) return "Saved";
  if (connected) return "Saving…";
  // A save a moment after `now` was taken is "just now", not "in a moment".
  const at = lastSavedAt === undefined ? undefined : Math.min(lastSavedAt, now);
  if (options.short)
    return at === undefined ? "Unsaved" : `Unsaved · ${relativeTime(at, now, "short")}`;
  return at === undefined
    ? "Offline — unsaved changes"
    : `Offline — unsaved changes, last saved ${relativeTime(at, now)}`;
}
