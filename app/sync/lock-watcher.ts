import type { LockState } from "../../shared/api/lock.ts";
import type { ServerFrames } from "./server-frames.ts";

/**
 * Follows a file's lock as the document pushes it (Quire's lock frame, on
 * connect while locked and on every change), for `useSyncExternalStore`.
 */
export class LockWatcher {
  #lock: LockState = null;
  readonly #listeners = new Set<() => void>();

  constructor(frames: ServerFrames) {
    frames.on("lock", ({ lock }) => this.#set(lock));
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
