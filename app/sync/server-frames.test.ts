import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { describe, expect, it, vi } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import { MessageTag } from "../../shared/protocol/messages.ts";
import { encodeServerFrame } from "../../shared/protocol/server-frames.ts";
import { type QuireFrame, ServerFrames } from "./server-frames.ts";

/** The part of a y-websocket provider the registry uses: its handler table. */
function fakeProvider() {
  return { messageHandlers: [] } as unknown as WebsocketProvider;
}

/** What y-websocket's `readMessage` does with a frame: read the tag, call its handler. */
function deliver(provider: WebsocketProvider, bytes: Uint8Array): void {
  const decoder = decoding.createDecoder(bytes);
  const tag = decoding.readVarUint(decoder);
  const handler = provider.messageHandlers[tag];
  if (!handler) throw new Error(`no handler for tag ${tag}`);
  handler(encoding.createEncoder(), decoder, provider, true, tag);
  expect(decoding.hasContent(decoder), "the whole frame is consumed").toBe(false);
}

describe("ServerFrames", () => {
  it("hands each of Quire's frames, as the server encodes it, to its listeners, typed", () => {
    const provider = fakeProvider();
    const frames = new ServerFrames(provider);
    const seen: QuireFrame[] = [];
    frames.on("role", (frame) => seen.push(frame));
    frames.on("lock", (frame) => seen.push(frame));
    frames.on("permission-denied", (frame) => seen.push(frame));
    const stop = frames.on("saved", (frame) => seen.push(frame));

    const sent: QuireFrame[] = [
      { type: "role", role: "viewer" },
      { type: "lock", lock: { holder: { id: "ada", name: "Ada" }, acquiredAt: 5, expiresAt: 9 } },
      { type: "saved" },
      { type: "lock", lock: null },
      // A refused write (issue 15.5), which y-websocket alone would only log.
      { type: "permission-denied", reason: "this file is locked by someone else" },
    ];
    for (const frame of sent) deliver(provider, encodeServerFrame(frame));
    expect(seen).toEqual(sent);

    stop();
    deliver(provider, encodeServerFrame({ type: "saved" }));
    expect(seen).toHaveLength(sent.length);
  });

  it("leaves y-protocols' frames to y-websocket and skips a frame it cannot read", () => {
    const provider = fakeProvider();
    const frames = new ServerFrames(provider);
    expect(provider.messageHandlers[MessageTag.sync]).toBeUndefined();
    expect(provider.messageHandlers[MessageTag.awareness]).toBeUndefined();

    const listener = vi.fn();
    frames.on("lock", listener);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageTag.lock);
    encoding.writeVarString(encoder, '{"holder":42}');
    deliver(provider, encoding.toUint8Array(encoder));
    expect(listener).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith(
      "Skipped a document frame the app cannot read: malformed lock state",
    );
    warn.mockRestore();
  });
});
