import { CloseCode } from "../../shared/errors.ts";
import {
  MAX_AWARENESS_CLIENTS_PER_SOCKET,
  MAX_AWARENESS_STATE_BYTES,
} from "../../shared/limits.ts";
import { DOCUMENT_TEXT_NAME } from "../../shared/protocol/document-text.ts";
import type { AwarenessEntry } from "../../shared/protocol/frames.ts";

export type AwarenessCheck =
  | { ok: true; entries: AwarenessEntry[] }
  | { ok: false; code: CloseCode; reason: string };

/** A CSS hex colour (`#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`): the only colours the app sends. */
const HEX_COLOUR = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const MAX_NAME_CHARS = 100;
const MAX_ID_CHARS = 64;

/**
 * Checks an awareness frame's entries before anything of it is kept (issue
 * 15.1) and keeps only what the app reads: `user` (id, name, colour,
 * colorLight) and `cursor` (y-codemirror.next's anchor and head). Every peer
 * puts `colorLight` into a `style` attribute, and y-codemirror.next throws on
 * a malformed cursor, so each is checked; other fields are dropped. A state
 * over `MAX_AWARENESS_STATE_BYTES` is refused with 4413; a frame that would
 * leave the socket holding more than `MAX_AWARENESS_CLIENTS_PER_SOCKET`
 * client ids, or a malformed field, with 4400. Tested in
 * awareness-state.test.ts and worker/test/awareness-limits.test.ts.
 */
export function checkAwarenessEntries(
  entries: AwarenessEntry[],
  /** Each entry's state size as it arrived (the parsed frame's `stateBytes`). */
  stateBytes: number[],
  held: number[],
): AwarenessCheck {
  // Counted before ids taken by other sockets are filtered out, so the answer
  // depends only on this socket; a removal in the same frame does not make room.
  const ids = new Set(held);
  for (const entry of entries) if (entry.state !== null) ids.add(entry.clientId);
  if (ids.size > MAX_AWARENESS_CLIENTS_PER_SOCKET) {
    return refuse(
      CloseCode.badMessage,
      `a socket may hold at most ${MAX_AWARENESS_CLIENTS_PER_SOCKET} awareness clients`,
    );
  }
  const checked: AwarenessEntry[] = [];
  for (const [index, entry] of entries.entries()) {
    if (entry.state === null) {
      checked.push(entry);
      continue;
    }
    // Measured as it arrived: a state nested thousands deep parses, but may not stringify.
    if ((stateBytes[index] ?? 0) > MAX_AWARENESS_STATE_BYTES) {
      return refuse(
        CloseCode.tooLarge,
        `an awareness state may take at most ${MAX_AWARENESS_STATE_BYTES} bytes`,
      );
    }
    const state = relayedState(entry.state);
    if (typeof state === "string") return refuse(CloseCode.badMessage, state);
    checked.push({ ...entry, state });
  }
  return { ok: true, entries: checked };
}

/** The fields of one state that peers may see, each checked; a string says what is wrong. */
export function relayedState(state: Record<string, unknown>): Record<string, unknown> | string {
  const relayed: Record<string, unknown> = {};
  if (state.user !== undefined && state.user !== null) {
    const user = checkedUser(state.user);
    if (typeof user === "string") return user;
    relayed.user = user;
  }
  if (state.cursor !== undefined) {
    const cursor = checkedCursor(state.cursor);
    if (typeof cursor === "string") return cursor;
    relayed.cursor = cursor;
  }
  return relayed;
}

function checkedUser(user: unknown): Record<string, string> | string {
  if (!isRecord(user)) return "awareness user must be an object";
  const checked: Record<string, string> = {};
  for (const [field, max] of [
    ["id", MAX_ID_CHARS],
    ["name", MAX_NAME_CHARS],
  ] as const) {
    const value = user[field];
    if (value === undefined) continue;
    if (typeof value !== "string" || value.length > max) {
      return `awareness user.${field} must be text of at most ${max} characters`;
    }
    checked[field] = value;
  }
  for (const field of ["color", "colorLight"] as const) {
    const value = user[field];
    if (value === undefined) continue;
    if (typeof value !== "string" || !HEX_COLOUR.test(value)) {
      return `awareness user.${field} must be a colour like #1e90ff`;
    }
    checked[field] = value;
  }
  return checked;
}

type RelativePosition = {
  type: { client: number; clock: number } | null;
  tname: string | null;
  item: { client: number; clock: number } | null;
  assoc: number;
};

const CURSOR_SHAPE =
  "awareness cursor must be null or { anchor, head } relative positions in the document's text";

/** y-codemirror.next's cursor: null, or `{ anchor, head }` as `Y.RelativePosition` JSON. */
function checkedCursor(
  cursor: unknown,
): { anchor: RelativePosition; head: RelativePosition } | null | string {
  if (cursor === null) return null;
  if (!isRecord(cursor)) return CURSOR_SHAPE;
  const anchor = checkedPosition(cursor.anchor);
  const head = checkedPosition(cursor.head);
  if (!anchor || !head) return CURSOR_SHAPE;
  return { anchor, head };
}

function checkedPosition(position: unknown): RelativePosition | undefined {
  if (!isRecord(position)) return undefined;
  const type = checkedId(position.type);
  const item = checkedId(position.item);
  const tname = position.tname ?? null;
  const assoc = position.assoc ?? 0;
  if (type === undefined || item === undefined) return undefined;
  // A root name other than the text's would make every peer create that root type.
  if (tname !== null && tname !== DOCUMENT_TEXT_NAME) return undefined;
  if (!Number.isSafeInteger(assoc)) return undefined;
  return { type, tname, item, assoc: assoc as number };
}

function checkedId(id: unknown): { client: number; clock: number } | null | undefined {
  if (id === undefined || id === null) return null;
  if (!isRecord(id)) return undefined;
  const { client, clock } = id;
  if (!isCount(client) || !isCount(clock)) return undefined;
  return { client, clock };
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function refuse(code: CloseCode, reason: string): AwarenessCheck {
  return { ok: false, code, reason };
}
