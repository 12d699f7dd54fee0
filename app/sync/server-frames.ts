import type * as decoding from "lib0/decoding";
import type { WebsocketProvider } from "y-websocket";
import { MessageTag } from "../../shared/protocol/messages.ts";
import { parseServerFrame, type ServerFrame } from "../../shared/protocol/server-frames.ts";

/**
 * Quire's own frames (tags 100 and up), which y-websocket does not know, and
 * y-protocols' permission denied, which y-websocket only logs.
 */
export type QuireFrame = Extract<
  ServerFrame,
  { type: "role" | "lock" | "saved" | "restored" | "permission-denied" }
>;

type Listener<Type extends QuireFrame["type"]> = (
  frame: Extract<QuireFrame, { type: Type }>,
) => void;

const QUIRE_TAGS = [
  // y-websocket's own handler for it only logs; the app tells the person (issue 15.5).
  MessageTag.auth,
  MessageTag.role,
  MessageTag.lock,
  MessageTag.saved,
  MessageTag.restored,
] as const;

/**
 * The one place the app reads the document's own frames: every Quire tag is
 * registered with the provider once, each frame is parsed whole by the shared
 * codec (`parseServerFrame`, the inverse of the server's encoder), and the
 * typed frame goes to whoever listens for its type. y-protocols' sync and
 * awareness frames stay with y-websocket's handlers, which read that same
 * format; its auth frame (a refused write) is read here.
 */
export class ServerFrames {
  readonly #listeners = new Map<QuireFrame["type"], Set<(frame: QuireFrame) => void>>();

  constructor(provider: WebsocketProvider) {
    for (const tag of QUIRE_TAGS) {
      provider.messageHandlers[tag] = (_encoder, decoder) => this.#receive(decoder);
    }
  }

  /** Calls `listener` with every frame of `type`; returns how to stop. */
  on<Type extends QuireFrame["type"]>(type: Type, listener: Listener<Type>): () => void {
    const listeners = this.#listeners.get(type) ?? new Set();
    this.#listeners.set(type, listeners);
    const untyped = listener as (frame: QuireFrame) => void;
    listeners.add(untyped);
    return () => listeners.delete(untyped);
  }

  /** y-websocket has read the tag; the registry parses the whole frame again, strictly. */
  #receive(decoder: decoding.Decoder): void {
    const bytes = decoder.arr;
    decoder.pos = bytes.length;
    const parsed = parseServerFrame(bytes);
    if (!parsed.ok) {
      // A server newer or older than this page: skip it, as stock clients skip unknown tags.
      console.warn(`Skipped a document frame the app cannot read: ${parsed.reason}`);
      return;
    }
    const frame = parsed.frame as QuireFrame;
    for (const listener of this.#listeners.get(frame.type) ?? []) listener(frame);
  }
}
