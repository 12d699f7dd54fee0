import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { MessageTag, SyncStep } from "./messages.ts";

/** One awareness entry as y-protocols encodes it: a client's state and its clock. */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** The client's state; `null` means the client left. */
  state: Record<string, unknown> | null;
}

/** A frame from a client, parsed and checked, as a discriminated union. */
export type ClientFrame =
  | { type: "sync-step1"; stateVector: Uint8Array }
  | { type: "sync-step2"; update: Uint8Array }
  | { type: "sync-update"; update: Uint8Array }
  | {
      type: "awareness";
      update: Uint8Array;
      entries: AwarenessEntry[];
      /** Bytes of each entry's state JSON as it arrived (issue 15.1 caps them). */
      stateBytes: number[];
    }
  | { type: "query-awareness" };

/** The result of parsing a frame: a typed frame or a reason a person can read. */
export type ParseResult = { ok: true; frame: ClientFrame } | { ok: false; reason: string };

/**
 * Parses one binary frame of the y-websocket protocol sent by a client. Every
 * byte is accounted for: a truncated message, trailing bytes, an unknown tag
 * or malformed awareness JSON is an error, so nothing half-read reaches the
 * document.
 */
export function parseClientFrame(bytes: Uint8Array): ParseResult {
  return readWhole(bytes, readFrame);
}

/**
 * Reads one whole frame with `read`, which returns the frame or why it is
 * wrong: a decoder that runs out (a truncated message) or bytes left over
 * make it an error too. The client and server parsers share it.
 */
export function readWhole<Frame>(
  bytes: Uint8Array,
  read: (decoder: decoding.Decoder) => Frame | string,
): { ok: true; frame: Frame } | { ok: false; reason: string } {
  try {
    const decoder = decoding.createDecoder(bytes);
    const frame = read(decoder);
    if (typeof frame === "string") return { ok: false, reason: frame };
    if (decoding.hasContent(decoder)) {
      return { ok: false, reason: "unexpected bytes after the message" };
    }
    return { ok: true, frame };
  } catch {
    return { ok: false, reason: "truncated or malformed message" };
  }
}

function readFrame(decoder: decoding.Decoder): ClientFrame | string {
  const tag = decoding.readVarUint(decoder);
  switch (tag) {
    case MessageTag.sync:
      return readSync(decoder);
    case MessageTag.awareness: {
      const update = decoding.readVarUint8Array(decoder);
      const stateBytes: number[] = [];
      const entries = parseAwarenessUpdate(update, stateBytes);
      return typeof entries === "string"
        ? entries
        : { type: "awareness", update, entries, stateBytes };
    }
    case MessageTag.queryAwareness:
      return { type: "query-awareness" };
    default:
      return `unknown message tag ${tag}`;
  }
}

function readSync(decoder: decoding.Decoder): ClientFrame | string {
  const step = decoding.readVarUint(decoder);
  switch (step) {
    case SyncStep.step1:
      return { type: "sync-step1", stateVector: decoding.readVarUint8Array(decoder) };
    case SyncStep.step2:
      return { type: "sync-step2", update: decoding.readVarUint8Array(decoder) };
    case SyncStep.update:
      return { type: "sync-update", update: decoding.readVarUint8Array(decoder) };
    default:
      return `unknown sync message type ${step}`;
  }
}

/**
 * Decodes an awareness update (y-protocols `encodeAwarenessUpdate` format)
 * into its entries, or returns why it is malformed. Parsing it whole first
 * means a bad entry can't leave the awareness half-applied.
 */
export function parseAwarenessUpdate(
  update: Uint8Array,
  /** Filled with each state's size in bytes, as it arrived. */
  stateBytes: number[] = [],
): AwarenessEntry[] | string {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    const entries: AwarenessEntry[] = [];
    for (let index = 0; index < count; index++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      // lib0 reads a varint past 2^53 rounded; relayed, the rounded number
      // may be one no client can read back ("Integer out of Range").
      if (!Number.isSafeInteger(clientId) || !Number.isSafeInteger(clock)) {
        return "awareness client ids and clocks must be below 2^53";
      }
      const json = decoding.readVarString(decoder);
      const state: unknown = JSON.parse(json);
      if (state !== null && (typeof state !== "object" || Array.isArray(state))) {
        return "awareness state must be an object or null";
      }
      entries.push({ clientId, clock, state: state as Record<string, unknown> | null });
      stateBytes.push(utf8Length(json));
    }
    if (decoding.hasContent(decoder)) return "unexpected bytes after the awareness update";
    return entries;
  } catch {
    return "truncated or malformed awareness update";
  }
}

/** Encodes entries in y-protocols' awareness update format (the inverse of `parseAwarenessUpdate`). */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(encoder);
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}
