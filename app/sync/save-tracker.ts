import * as encoding from "lib0/encoding";
import type { WebsocketProvider } from "y-websocket";
import type * as Y from "yjs";
import { MessageTag } from "../../shared/protocol/messages.ts";
import type { ServerFrames } from "./server-frames.ts";

/** How many of this person's changes the server has not yet confirmed as stored. */
export interface SaveSnapshot {
  unsaved: number;
  connected: boolean;
}

/**
 * Counts this tab's changes until the server says they are in SQLite. The
 * document acknowledges every update frame in order (tag 102, asked for with
 * `?acks=1`), so each frame sent is queued with how many changes it carries:
 * one for a live edit, all the offline ones for the sync step 2 sent after a
 * reconnect. A frame lost with a dropped socket puts its changes back among
 * the offline ones, which the next step 2 carries.
 */
export class SaveTracker {
  #inFlight: number[] = [];
  #offline = 0;
  #snapshot: SaveSnapshot = { unsaved: 0, connected: false };
  readonly #listeners = new Set<() => void>();

  constructor(provider: WebsocketProvider, doc: Y.Doc, frames: ServerFrames) {
    doc.on("update", (_update: Uint8Array, origin: unknown) => {
      if (origin === provider) return;
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
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): SaveSnapshot => this.#snapshot;

  #publish(provider: WebsocketProvider): void {
    const unsaved = this.#offline + this.#inFlight.reduce((sum, count) => sum + count, 0);
    const connected = provider.wsconnected;
    if (unsaved === this.#snapshot.unsaved && connected === this.#snapshot.connected) return;
    this.#snapshot = { unsaved, connected };
    for (const listener of this.#listeners) listener();
  }
}

/** "Saved", "Saving…" or "Offline — 3 changes not yet saved". */
export function saveLabel({ unsaved, connected }: SaveSnapshot): string {
  if (unsaved === 0) return "Saved";
  if (connected) return "Saving…";
  return `Offline — ${unsaved} ${unsaved === 1 ? "change" : "changes"} not yet saved`;
}
