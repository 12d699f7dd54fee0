import { WriteRefusal } from "../../shared/protocol/server-frames.ts";
import { canWrite, ROLE_WORDS, type Role } from "../../shared/roles.ts";

/**
 * A notice that the server refused this tab's recent changes (issue 15.5),
 * with the text the editor held before it went back to the server's, so
 * the person can copy it. Kept until they dismiss it.
 */
export interface RefusedNotice extends Refusal {
  /**
   * The editor's text before each resync this notice covers, oldest first:
   * a second refusal before the person dismissed the first keeps both.
   */
  drafts: string[];
}

/** One refusal: the server's reason (`WriteRefusal`), and who held the lock then, if someone else. */
export interface Refusal {
  reason: string;
  holder: string | null;
}

/**
 * The sentence for a refusal, in words the person can act on ("Your last
 * changes were not accepted: the file is locked by Ana."). `role` is the
 * person's role as the workspace says it now: it may hear of a change after
 * the document refused, so the sentence is made when shown.
 */
export function refusalMessage({ reason, holder }: Refusal, role: Role): string {
  const start = "Your last changes were not accepted:";
  if (reason === WriteRefusal.viewer) {
    // A viewer or a commenter (issue 19): neither changes the text.
    return canWrite(role)
      ? `${start} you may no longer edit this workspace's files.`
      : `${start} you are now ${ROLE_WORDS[role].person} in this workspace.`;
  }
  if (reason === WriteRefusal.locked) {
    return `${start} the file is locked by ${holder ?? "someone else"}.`;
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
  refused(refusal: Refusal, draft: string): void {
    const drafts = this.#notice?.drafts ?? [];
    // The same text twice (a second refusal of the same offline changes) is kept once.
    const kept = drafts.at(-1) === draft ? drafts : [...drafts, draft];
    this.#set({ ...refusal, drafts: kept });
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
