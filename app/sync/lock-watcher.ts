import * as decoding from "lib0/decoding";
import type { WebsocketProvider } from "y-websocket";
import type { LockState } from "../../shared/api/lock.ts";
import { MessageTag } from "../../shared/protocol/messages.ts";

/**
 * Follows a file's lock as the document pushes it (Quire message tag 101,
 * on connect while locked and on every change), for `useSyncExternalStore`.
 * Also quiets the role tag (100), which y-websocket would log as unknown.
 */
export class LockWatcher {
  #lock: LockState = null;
  readonly #listeners = new Set<() => void>();

  constructor(provider: WebsocketProvider) {
    provider.messageHandlers[MessageTag.lock] = (_encoder, decoder) => {
      this.#set(JSON.parse(decoding.readVarString(decoder)) as LockState);
    };
    // Role changes reach the app through the workspace's live socket.
    provider.messageHandlers[MessageTag.role] = () => {};
  }

  /** Sets the lock from an HTTP answer (lock, renew or release). */
  set(lock: LockState): void {
    this.#set(lock);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): LockState => this.#lock;

  #set(lock: LockState): void {
    this.#lock = lock;
    for (const listener of this.#listeners) listener();
  }
}
