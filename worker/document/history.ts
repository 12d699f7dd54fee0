import * as Y from "yjs";
import type { RestoreResult, VersionInfo, VersionPreview } from "../../shared/api/versions.ts";
import { DOCUMENT_TEXT_NAME } from "../../shared/protocol/document-text.ts";
import type { ServerFrame } from "../../shared/protocol/server-frames.ts";
import { canWrite } from "../../shared/roles.ts";
import { undoVersionName } from "../../shared/version-names.ts";
import { conflict, forbidden, notFound, ok, tooLarge, type Outcome } from "../lib/outcome.ts";
import type { AlarmScheduler } from "../lib/scheduler.ts";
import type { DocumentLock, LockCaller } from "./lock.ts";
import { replaceText } from "./replace-text.ts";
import { textOf } from "./storage.ts";
import type { SyncRoom } from "./sync-room.ts";
import { MAX_NAMED_VERSIONS, type VersionStore } from "./version-store.ts";

/** The scheduler event that saves an automatic version after a spell of editing. */
export const AUTO_VERSION_EVENT = "auto-version";

/** An automatic version is saved after this long of editing (and when the last person leaves). */
const AUTO_VERSION_AFTER_MS = 10 * 60 * 1000;

/** Why a version cannot be saved: named versions take the whole budget (4 × the document's quota). */
const HISTORY_FULL =
  "This file's named versions fill its version history, so no other version can be saved.";

/**
 * A document's version history: whole copies of its state (VersionStore),
 * made by people (named) or automatically, previews, and restores that
 * change the live text as a new change everyone sees.
 */
export class DocumentHistory {
  readonly #versions: VersionStore;
  readonly #scheduler: AlarmScheduler;
  readonly #room: SyncRoom;
  readonly #lock: DocumentLock;
  /** Versions may take this much besides the document. */
  readonly #budgetBytes: number;
  /** Sends a frame to every socket on the document. */
  readonly #announce: (frame: ServerFrame) => void;
  /** An automatic version is scheduled (seen in this wake): edits need not ask again. */
  #versionScheduled = false;

  constructor(parts: {
    versions: VersionStore;
    scheduler: AlarmScheduler;
    room: SyncRoom;
    lock: DocumentLock;
    budgetBytes: number;
    announce: (frame: ServerFrame) => void;
  }) {
    this.#announce = parts.announce;
    this.#versions = parts.versions;
    this.#scheduler = parts.scheduler;
    this.#room = parts.room;
    this.#lock = parts.lock;
    this.#budgetBytes = parts.budgetBytes;
  }

  /** A live edit was stored: an automatic version follows after a spell of editing. */
  noteEdit(): void {
    // Asked once per spell of editing, not once per update (issue 14.4).
    if (this.#versionScheduled) return;
    this.#versionScheduled = true;
    if (this.#scheduler.scheduledAt(AUTO_VERSION_EVENT, "activity") === undefined) {
      void this.#scheduler.schedule(
        AUTO_VERSION_EVENT,
        "activity",
        Date.now() + AUTO_VERSION_AFTER_MS,
      );
    }
  }

  /**
   * From the alarm, or when the last person leaves: a version, if the text
   * changed since the newest one. Someone typing and deleting it again is
   * not a change worth a version (they are credited in the next one).
   */
  saveAuto(name: string): void {
    // The next edit asks the scheduler again (the event that called this is done).
    this.#versionScheduled = false;
    if (!this.#versions.changedSinceLastVersion()) return;
    if (this.#newestWithCurrentText()) return;
    const state = Y.encodeStateAsUpdate(this.#room.doc);
    // Where named versions fill the budget, no automatic one is kept (README, Security).
    this.#versions.save(state, { kind: "auto", name }, this.#budgetBytes);
  }

  /** The newest version, when its text is the document's text now. */
  #newestWithCurrentText(): VersionInfo | undefined {
    const newest = this.#versions.list()[0];
    if (!newest) return undefined;
    const found = this.#versions.get(newest.id);
    const current = this.#room.doc.getText(DOCUMENT_TEXT_NAME).toString();
    return found && textOf(found.state) === current ? newest : undefined;
  }

  /** Every version, newest first. */
  list(): VersionInfo[] {
    return this.#versions.list();
  }

  /** A version and its text, for a read-only preview. */
  preview(versionId: string): Outcome<VersionPreview> {
    const found = this.#versions.get(versionId);
    if (!found) return notFound("There is no such version of this file.");
    return ok({ version: found.info, text: textOf(found.state) });
  }

  /** Saves the document as it is now under a person's name for it. */
  save(caller: LockCaller, name: string): Outcome<VersionInfo> {
    if (!canWrite(caller.role)) return forbidden("Viewers cannot save versions of this file.");
    if (this.#versions.namedCount() >= MAX_NAMED_VERSIONS) {
      return conflict(`This file has ${MAX_NAMED_VERSIONS} named versions, the most it keeps.`);
    }
    const saved = this.#versions.save(
      Y.encodeStateAsUpdate(this.#room.doc),
      { kind: "named", name, createdBy: { id: caller.id, name: caller.name } },
      this.#budgetBytes,
    );
    return saved ? ok(saved) : tooLarge(HISTORY_FULL);
  }

  /**
   * Makes the text what it was in a version, as a new change on top of the
   * current one: everyone connected sees it live, and the state just before
   * is saved as a version first, so restoring that one undoes this. Refused
   * to viewers and, while the file is locked, to everyone but the holder.
   */
  restore(caller: LockCaller, versionId: string): Outcome<RestoreResult> {
    if (!canWrite(caller.role)) return forbidden("Viewers cannot restore versions of this file.");
    const locked = this.#lock.refusalFor(caller.id);
    if (locked) return locked;
    const found = this.#versions.get(versionId);
    if (!found) return notFound("There is no such version of this file.");

    const target = textOf(found.state);
    // The text is already the version's: nothing to change, save or tell.
    if (this.#room.doc.getText(DOCUMENT_TEXT_NAME).toString() === target) {
      return ok({ restored: found.info, undo: found.info });
    }
    // The state just before, to undo with: the newest version when it already
    // holds this text, so no twin of it is saved.
    const undo =
      this.#newestWithCurrentText() ??
      this.#versions.save(
        Y.encodeStateAsUpdate(this.#room.doc),
        {
          kind: "auto",
          name: undoVersionName(found.info.name),
          createdBy: { id: caller.id, name: caller.name },
        },
        this.#budgetBytes,
      );
    // No room for the undo: the text stays, rather than be replaced with no way back.
    if (!undo) return tooLarge(HISTORY_FULL);
    const by = { id: caller.id, name: caller.name };
    this.#room.change(by, (doc) => replaceText(doc.getText(DOCUMENT_TEXT_NAME), target));
    // Everyone connected hears who restored what, with the version that undoes it.
    this.#announce({
      type: "restored",
      restore: {
        by,
        restored: { id: found.info.id, name: found.info.name },
        undo: { id: undo.id, name: undo.name },
      },
    });
    return ok({ restored: found.info, undo });
  }
}
