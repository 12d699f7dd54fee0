/**
 * The document socket's wire format: the y-websocket protocol (y-protocols
 * sync and awareness messages, each a binary frame that starts with a varUint
 * tag), so a stock `y-websocket` `WebsocketProvider` syncs with Quire.
 *
 * Quire's own messages take tags from 100 up. y-websocket clients look a tag up
 * in their `messageHandlers` table and skip one they do not know, so these
 * never disturb a stock client.
 */
export const MessageTag = {
  /** y-protocols sync: step 1 (state vector), step 2 (missing updates), update. */
  sync: 0,
  /** y-protocols awareness update (cursors, names, colours). */
  awareness: 1,
  /** y-protocols auth (permission denied). */
  auth: 2,
  /** Asks the server to send every awareness state it knows. */
  queryAwareness: 3,
  /**
   * Quire: your role in this document changed; a varString "owner",
   * "editor" or "viewer" follows. Sent only when it changes.
   */
  role: 100,
  /**
   * Quire: the file's lock changed; a varString of JSON `LockState`
   * (shared/api/lock.ts) follows. Sent on connect while locked, and on change.
   */
  lock: 101,
  /**
   * Quire: your oldest unacknowledged update is stored in SQLite. Sent once
   * per update, in order, only to clients that connect with `?acks=1`.
   */
  saved: 102,
  /**
   * Quire: someone restored a version; a varString of JSON `RestoreNotice`
   * (shared/api/versions.ts) follows: who, which version, and the version
   * that undoes it. Sent to every socket on the document.
   */
  restored: 103,
  /**
   * Quire: a comment thread changed (issue 19); a varString of JSON
   * `ThreadEvent` (shared/api/comments.ts) follows: the thread as it is now,
   * or that it is gone. Sent to every socket on the document.
   */
  comments: 104,
} as const;

export type MessageTag = (typeof MessageTag)[keyof typeof MessageTag];

/** The sync sub-messages of y-protocols (`y-protocols/sync`). */
export const SyncStep = {
  step1: 0,
  step2: 1,
  update: 2,
} as const;

export type SyncStep = (typeof SyncStep)[keyof typeof SyncStep];
