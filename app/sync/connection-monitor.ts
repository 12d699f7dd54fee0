import type { WebsocketProvider } from "y-websocket";
import { closeCodeMessage } from "../../shared/errors.ts";
import type { ProviderStatus } from "./connection-status.ts";

/** What the socket has done so far, as one immutable snapshot. */
export interface ConnectionSnapshot {
  status: ProviderStatus;
  /** Exchanged state with the server since the socket last opened. */
  synced: boolean;
  /** Synced at least once since the page opened the document. */
  everSynced: boolean;
  /** The server closed with 4400-4499, after which y-websocket stops retrying. */
  stopped: boolean;
  /** A sentence for the person about the last refusal, cleared by the next sync. */
  problem: string | null;
}

/**
 * Records a provider's status, sync and close events from before its first
 * connection attempt. A React effect subscribes only after the first render,
 * by which time a server that refuses at once may already have closed the
 * socket, and that close code is the only explanation the person gets.
 */
export class ConnectionMonitor {
  #snapshot: ConnectionSnapshot = {
    status: "connecting",
    synced: false,
    everSynced: false,
    stopped: false,
    problem: null,
  };
  #listeners = new Set<() => void>();
  #detach: () => void;

  constructor(provider: WebsocketProvider) {
    const onStatus = ({ status }: { status: ProviderStatus }) =>
      this.#update(status === "connected" ? { status, stopped: false } : { status });
    const onSync = (synced: boolean) =>
      this.#update(synced ? { synced, everSynced: true, problem: null } : { synced });
    // `event` is null when the provider closed the socket itself (destroy,
    // watchdog); only a close frame from the server has a code to explain.
    const onConnectionClose = (event: CloseEvent | null) => {
      const problem = event ? closeCodeMessage(event.code, event.reason) : undefined;
      if (problem !== undefined) this.#update({ problem });
    };
    const onClosed = () => this.#update({ stopped: true });

    provider.on("status", onStatus);
    provider.on("sync", onSync);
    provider.on("connection-close", onConnectionClose);
    provider.on("closed", onClosed);
    this.#detach = () => {
      provider.off("status", onStatus);
      provider.off("sync", onSync);
      provider.off("connection-close", onConnectionClose);
      provider.off("closed", onClosed);
    };
  }

  /** The latest snapshot; the same object until something changes (for useSyncExternalStore). */
  getSnapshot = (): ConnectionSnapshot => this.#snapshot;

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** Stops listening to the provider. */
  destroy(): void {
    this.#detach();
    this.#listeners.clear();
  }

  #update(change: Partial<ConnectionSnapshot>): void {
    const next = { ...this.#snapshot, ...change };
    const keys = Object.keys(change) as (keyof ConnectionSnapshot)[];
    if (keys.every((key) => next[key] === this.#snapshot[key])) return;
    this.#snapshot = next;
    for (const listener of this.#listeners) listener();
  }
}
