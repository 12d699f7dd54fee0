import * as v from "valibot";

/** Saving a named version takes `NameBody` (shared/api/tree.ts): `{ name }`. */

/** A saved state of a document: named by a person, or made automatically. */
export const VersionInfo = v.object({
  id: v.string(),
  /** "named" when a person saved it; "auto" after a spell of editing, when the last person left, or before a restore. */
  kind: v.picklist(["named", "auto"]),
  /** The person's name for it; automatic versions carry a description instead. */
  name: v.string(),
  createdAt: v.number(),
  /** Who saved it (for a named version or a restore), absent for automatic ones. */
  createdBy: v.optional(v.object({ id: v.string(), name: v.string() })),
  /** Who changed the document since the version before this one. */
  authors: v.array(v.string()),
  /** Size of the stored state. */
  bytes: v.number(),
});
export type VersionInfo = v.InferOutput<typeof VersionInfo>;

/** `GET .../files/:f/versions`: newest first. */
export const VersionList = v.object({ versions: v.array(VersionInfo) });
export type VersionList = v.InferOutput<typeof VersionList>;

/** `GET .../files/:f/versions/:v`: the version and its text, for a read-only preview. */
export const VersionPreview = v.object({ version: VersionInfo, text: v.string() });
export type VersionPreview = v.InferOutput<typeof VersionPreview>;

/** `POST .../files/:f/versions/:v/restore`: what was restored, and the version saved just before (restoring it undoes the restore). */
export const RestoreResult = v.object({ restored: VersionInfo, undo: VersionInfo });
export type RestoreResult = v.InferOutput<typeof RestoreResult>;

/** Told to everyone on a document when someone restores a version (socket tag 103). */
export const RestoreNotice = v.object({
  by: v.object({ id: v.string(), name: v.string() }),
  restored: v.object({ id: v.string(), name: v.string() }),
  /** Restoring this one undoes the restore. */
  undo: v.object({ id: v.string(), name: v.string() }),
});
export type RestoreNotice = v.InferOutput<typeof RestoreNotice>;

/** `GET .../files/:f/storage`: what the document stores (update log, snapshot) and its encoded size. */
export const StorageStats = v.object({
  logBytes: v.number(),
  logUpdates: v.number(),
  snapshotBytes: v.number(),
  stateBytes: v.number(),
});
export type StorageStats = v.InferOutput<typeof StorageStats>;
