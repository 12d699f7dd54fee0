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

/** What `useLockActions` needs to know about the file and the person. */
export interface LockActionsInput {
  file: FileParams;
  lock: LockState;
  watcher: LockWatcher | null;
  userId: string;
  canLock: boolean;
  isOwner: boolean;
}

/** One thing the person can do with the lock now. */
export interface LockAction {
  label: "Lock for 5 min" | "Renew lock" | "Release lock" | "Break lock";
  run: () => Promise<void>;
}

/**
 * Lock for 5 minutes, renew, release, or (owners) break someone else's lock:
 * the actions that apply now, and why the last one failed. The file toolbar
 * shows them as buttons on a wide screen and in its menu on a narrow one.
 */
export function useLockActions({
  file,
  lock,
  watcher,
  userId,
  canLock,
  isOwner,
}: LockActionsInput): { actions: LockAction[]; problem?: string } {
  const [problem, setProblem] = useState<string | undefined>();
  if (!canLock || !watcher) return { actions: [], problem };
  const mine = lock?.holder.id === userId;
  /** Runs a lock call and shows the lock it leaves (none after a release). */
  const change = (call: () => Promise<{ lock: LockState } | void>) => async () => {
    setProblem(undefined);
    try {
      const answer = await call();
      watcher.set(answer?.lock ?? null);
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : "The lock could not be changed.");
    }
  };
  const actions: LockAction[] = [];
  if (!lock) {
    actions.push({
      label: "Lock for 5 min",
      run: change(() => api.lock({ params: file, body: {} })),
    });
  } else if (mine) {
    actions.push(
      { label: "Renew lock", run: change(() => api.renewLock({ params: file, body: {} })) },
      { label: "Release lock", run: change(() => api.unlock({ params: file })) },
    );
  } else if (isOwner) {
    actions.push({ label: "Break lock", run: change(() => api.unlock({ params: file })) });
  }
  return { actions, problem };
}

/** "Locked by Ada until 14:05" (the tree's mark and the banner say it alike). */
export function lockedByText(holderName: string, expiresAt: number): string {
  const until = new Date(expiresAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  return `Locked by ${holderName} until ${until}`;
}

/** What the file's banner says about its lock, and whether it keeps this person from typing. */
export interface LockBanner {
  text: string;
  lockedOut: boolean;
}

/**
 * "Locked by Ada until 14:05" for everyone else (they read, they cannot
 * type); "Locked by you until 14:05" for the holder, so they know others
 * wait on them. Undefined when the file is free.
 */
export function lockBanner(lock: LockState, userId: string): LockBanner | undefined {
  if (!lock) return undefined;
  const mine = lock.holder.id === userId;
  return {
    text: lockedByText(mine ? "you" : lock.holder.name, lock.expiresAt),
    lockedOut: !mine,
  };
}

/** The lock's actions as small buttons (the file's bar while it is free, the lock's banner while held). */
export function LockActionButtons({ actions }: { actions: readonly LockAction[] }) {
  return actions.map((action) => (
    <button
      key={action.label}
      className="button button--small"
      type="button"
      onClick={() => void action.run()}
    >
      {action.label}
    </button>
  ));
}
