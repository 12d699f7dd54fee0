import { useState, useSyncExternalStore } from "react";
import type { LockState } from "../../shared/api/lock.ts";
import { api, ApiError, type FileParams } from "../lib/api.ts";
import type { LockWatcher } from "../sync/lock-watcher.ts";

/** The current lock of a file, live. */
export function useLock(watcher: LockWatcher | null): LockState {
  return useSyncExternalStore(
    (listener) => watcher?.subscribe(listener) ?? (() => {}),
    () => watcher?.getSnapshot() ?? null,
  );
}

/** Props of `LockControl`. */
export interface LockControlProps {
  file: FileParams;
  lock: LockState;
  watcher: LockWatcher;
  userId: string;
  canLock: boolean;
  isOwner: boolean;
}

/** Lock for 5 minutes, renew, release, or (owners) break someone else's lock. */
export function LockControl({ file, lock, watcher, userId, canLock, isOwner }: LockControlProps) {
  const [problem, setProblem] = useState<string | undefined>();
  if (!canLock) return null;
  const mine = lock?.holder.id === userId;
  /** Runs a lock call and shows the lock it leaves (none after a release). */
  const change = async (run: () => Promise<{ lock: LockState } | void>) => {
    setProblem(undefined);
    try {
      const answer = await run();
      watcher.set(answer?.lock ?? null);
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : "The lock could not be changed.");
    }
  };
  return (
    <span className="lock-control">
      {!lock && (
        <button
          className="button button--small"
          type="button"
          onClick={() => change(() => api.lock({ params: file, body: {} }))}
        >
          Lock for 5 min
        </button>
      )}
      {mine && (
        <>
          <button
            className="button button--small"
            type="button"
            onClick={() => change(() => api.renewLock({ params: file, body: {} }))}
          >
            Renew lock
          </button>
          <button
            className="button button--small"
            type="button"
            onClick={() => change(() => api.unlock({ params: file }))}
          >
            Release lock
          </button>
        </>
      )}
      {lock && !mine && isOwner && (
        <button
          className="button button--small"
          type="button"
          onClick={() => change(() => api.unlock({ params: file }))}
        >
          Break lock
        </button>
      )}
      {problem && (
        <span className="form-problem" role="alert">
          {problem}
        </span>
      )}
    </span>
  );
}

/** "Locked by Ada until 14:05", for everyone but the holder. */
export function lockBannerText(lock: LockState, userId: string): string | undefined {
  if (!lock || lock.holder.id === userId) return undefined;
  const until = new Date(lock.expiresAt).toLocaleTimeString([], {
    hour: "2-digit",
    minute: "2-digit",
  });
  return `Locked by ${lock.holder.name} until ${until}`;
}
