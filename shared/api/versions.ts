/** Saving a named version takes `NameBody` (shared/api/tree.ts): `{ name }`. */

/** A saved state of a document: named by a person, or made automatically. */
export interface VersionInfo {
  id: string;
  /** "named" when a person saved it; "auto" after a spell of editing, when the last person left, or before a restore. */
  kind: "named" | "auto";
  /** The person's name for it; automatic versions carry a description instead. */
  name: string;
  createdAt: number;
  /** Who saved it (for a named version or a restore), absent for automatic ones. */
  createdBy?: { id: string; name: string };
  /** Who changed the document since the version before this one. */
  authors: string[];
  /** Size of the stored state. */
  bytes: number;
}

/** `GET .../files/:f/versions`: newest first. */
export interface VersionList {
  versions: VersionInfo[];
}

/** `GET .../files/:f/versions/:v`: the version and its text, for a read-only preview. */
export interface VersionPreview {
  version: VersionInfo;
  text: string;
}

/** `POST .../files/:f/versions/:v/restore`: what was restored, and the version saved just before (restoring it undoes the restore). */
export interface RestoreResult {
  restored: VersionInfo;
  undo: VersionInfo;
}
