import type { LockState } from "../../shared/api/lock.ts";
import { WriteRefusal } from "../../shared/protocol/server-frames.ts";

/**
 * A notice that the server refused this tab's recent changes (issue 15.5),
 * with the text the editor held before it went back to the server's, so
 * the person can copy it. Kept until they dismiss it.
 */
export interface RefusedNotice {
  /** What the person is told: "Your last changes were not accepted: the file is locked by Ana." */
  message: string;
  /**
   * The editor's text before each resync this notice covers, oldest first:
   * a second refusal before the person dismissed the first keeps both.
   */
  drafts: string[];
}

/** What the refusal is known by: the server's reason, and what this tab knows of the lock. */
export interface RefusalFacts {
  reason: string;
  lock: LockState;
  userId: string;
}

/** The sentence for a refusal, in words the person can act on. */
export function refusalMessage({ reason, lock, userId }: RefusalFacts): string {
  const start = "Your last changes were not accepted:";
  if (reason === WriteRefusal.viewer) return `${start} you are now a viewer of this workspace.`;
  if (reason === WriteRefusal.locked) {
    const holder = lock && lock.holder.id !== userId ? lock.holder.name : "someone else";
    return `${start} the file is locked by ${holder}.`;
  }
  return `${start} ${reason || "the server refused them"}.`;
}

/** What "Copy my text" puts on the clipboard: every draft, oldest first. */
export function draftsText(notice: RefusedNotice): string {
  return notice.drafts.join("\n\n");
}

/**
 * The file's refusal notice, as a small store for `useSyncExternalStore`.
 * Outlives the document session: the session is replaced by a fresh one
 * holding the server's text, and the notice (and the text before it) stays.
 */
export class RefusedChanges {
  #notice: RefusedNotice | null = null;
  readonly #listeners = new Set<() => void>();

  /** The server refused changes; `draft` is the editor's text before going back to the server's. */
  refused(message: string, draft: string): void {
    const drafts = this.#notice?.drafts ?? [];
    // The same text twice (a second refusal of the same offline changes) is kept once.
    const kept = drafts.at(-1) === draft ? drafts : [...drafts, draft];
    this.#set({ message, drafts: kept });
  }

  /** The person read it (and copied what they wanted): the drafts go. */
  dismiss = (): void => {
    this.#set(null);
  };

  getSnapshot = (): RefusedNotice | null => this.#notice;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  #set(notice: RefusedNotice | null): void {
    this.#notice = notice;
    for (const listener of this.#listeners) listener();
  }
}
