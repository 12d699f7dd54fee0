import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as v from "valibot";
import { ThreadEvent } from "../api/comments.ts";
import { LockState } from "../api/lock.ts";
import { RestoreNotice } from "../api/versions.ts";
import { ROLES, type Role } from "../roles.ts";
import { readWhole } from "./frames.ts";
import { MessageTag, SyncStep } from "./messages.ts";

/**
 * Every frame a document sends to a client, as a discriminated union: the
 * y-protocols messages a stock y-websocket client reads (sync, awareness,
 * auth) and Quire's own (role, lock, saved, restored, comments), which stock
 * clients skip.
 */
export type ServerFrame =
  | { type: "sync-step1"; stateVector: Uint8Array }
  | { type: "sync-step2"; update: Uint8Array }
  | { type: "sync-update"; update: Uint8Array }
  | { type: "awareness"; update: Uint8Array }
  | { type: "permission-denied"; reason: string }
  | { type: "role"; role: Role }
  | { type: "lock"; lock: LockState }
  | { type: "saved" }
  | { type: "restored"; restore: RestoreNotice }
  | { type: "comments"; event: ThreadEvent };

/**
 * The reasons a document gives in its permission-denied frame when it
 * refuses a write, one text each, so the app can tell the person which it
 * was (issue 15.5: "the file is locked by Ana", "you are now a viewer").
 */
export const WriteRefusal = {
  locked: "this file is locked by someone else",
  viewer: "viewers cannot edit this document",
} as const;

/** y-protocols auth: the one auth message type there is (`y-protocols/auth`). */
const PERMISSION_DENIED = 0;

/**
 * The bytes of one server frame, as y-protocols writes them (`writeSyncStep1`,
 * `writeUpdate`, `writePermissionDenied`, ...), so a stock client reads them.
 */
export function encodeServerFrame(frame: ServerFrame): Uint8Array {
  const encoder = encoding.createEncoder();
  switch (frame.type) {
    case "sync-step1":
      writeSync(encoder, SyncStep.step1, frame.stateVector);
      break;
    case "sync-step2":
      writeSync(encoder, SyncStep.step2, frame.update);
      break;
    case "sync-update":
      writeSync(encoder, SyncStep.update, frame.update);
      break;
    case "awareness":
      encoding.writeVarUint(encoder, MessageTag.awareness);
      encoding.writeVarUint8Array(encoder, frame.update);
      break;
    case "permission-denied":
      encoding.writeVarUint(encoder, MessageTag.auth);
      encoding.writeVarUint(encoder, PERMISSION_DENIED);
      encoding.writeVarString(encoder, frame.reason);
      break;
    case "role":
      encoding.writeVarUint(encoder, MessageTag.role);
      encoding.writeVarString(encoder, frame.role);
      break;
    case "lock":
      encoding.writeVarUint(encoder, MessageTag.lock);
      encoding.writeVarString(encoder, JSON.stringify(frame.lock));
      break;
    case "saved":
      encoding.writeVarUint(encoder, MessageTag.saved);
      break;
    case "restored":
      encoding.writeVarUint(encoder, MessageTag.restored);
      encoding.writeVarString(encoder, JSON.stringify(frame.restore));
      break;
    case "comments":
      encoding.writeVarUint(encoder, MessageTag.comments);
      encoding.writeVarString(encoder, JSON.stringify(frame.event));
      break;
    default:
      frame satisfies never;
  }
  return encoding.toUint8Array(encoder);
}

function writeSync(encoder: encoding.Encoder, step: SyncStep, payload: Uint8Array): void {
  encoding.writeVarUint(encoder, MessageTag.sync);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
}

/** A parsed server frame, or why the bytes are not one. */
export type ServerFrameResult = { ok: true; frame: ServerFrame } | { ok: false; reason: string };

/**
 * Reads one frame a document sent (the inverse of `encodeServerFrame`).
 * Strict, as the server is with clients: an unknown tag, a truncated
 * message, trailing bytes, a role that is not one or a lock that is not a
 * `LockState` is an error, never a half-read value.
 */
export function parseServerFrame(bytes: Uint8Array): ServerFrameResult {
  return readWhole(bytes, readServerFrame);
}

function readServerFrame(decoder: decoding.Decoder): ServerFrame | string {
  const tag = decoding.readVarUint(decoder);
  switch (tag) {
    case MessageTag.sync: {
      const step = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (step === SyncStep.step1) return { type: "sync-step1", stateVector: payload };
      if (step === SyncStep.step2) return { type: "sync-step2", update: payload };
      if (step === SyncStep.update) return { type: "sync-update", update: payload };
      return `unknown sync message type ${step}`;
    }
    case MessageTag.awareness:
      return { type: "awareness", update: decoding.readVarUint8Array(decoder) };
    case MessageTag.auth: {
      const kind = decoding.readVarUint(decoder);
      if (kind !== PERMISSION_DENIED) return `unknown auth message type ${kind}`;
      return { type: "permission-denied", reason: decoding.readVarString(decoder) };
    }
    case MessageTag.role: {
      const role = decoding.readVarString(decoder);
      return isRole(role) ? { type: "role", role } : `unknown role ${JSON.stringify(role)}`;
    }
    case MessageTag.lock: {
      const lock = v.safeParse(LockState, JSON.parse(decoding.readVarString(decoder)));
      return lock.success ? { type: "lock", lock: lock.output } : "malformed lock state";
    }
    case MessageTag.saved:
      return { type: "saved" };
    case MessageTag.restored: {
      const restore = v.safeParse(RestoreNotice, JSON.parse(decoding.readVarString(decoder)));
      return restore.success ? { type: "restored", restore: restore.output } : "malformed restore";
    }
    case MessageTag.comments: {
      const event = v.safeParse(ThreadEvent, JSON.parse(decoding.readVarString(decoder)));
      return event.success ? { type: "comments", event: event.output } : "malformed thread event";
    }
    default:
      return `unknown message tag ${tag}`;
  }
}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
