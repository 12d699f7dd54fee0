import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as authProtocol from "y-protocols/auth";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { MessageTag } from "./messages.ts";
import { encodeServerFrame, parseServerFrame, type ServerFrame } from "./server-frames.ts";

function docWith(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getText("codemirror").insert(0, text);
  return doc;
}

/** One of every frame the server sends. */
function everyFrame(): ServerFrame[] {
  const doc = docWith("hello");
  const awareness = new awarenessProtocol.Awareness(doc);
  clearInterval(awareness._checkInterval);
  awareness.setLocalState({ user: { name: "Ada" } });
  return [
    { type: "sync-step1", stateVector: Y.encodeStateVector(doc) },
    { type: "sync-step2", update: Y.encodeStateAsUpdate(doc) },
    { type: "sync-update", update: Y.encodeStateAsUpdate(doc) },
    {
      type: "awareness",
      update: awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]),
    },
    { type: "permission-denied", reason: "viewers cannot edit this document" },
    { type: "role", role: "viewer" },
    { type: "lock", lock: { holder: { id: "ada", name: "Ada" }, acquiredAt: 1, expiresAt: 2 } },
    { type: "lock", lock: null },
    { type: "saved" },
    {
      type: "restored",
      restore: {
        by: { id: "ada", name: "Ada" },
        restored: { id: "v1", name: "Draft" },
        undo: { id: "v2", name: "Before restoring “Draft”" },
      },
    },
  ];
}

describe("server frames", () => {
  it("parses back every frame it encodes", () => {
    for (const frame of everyFrame()) {
      expect(parseServerFrame(encodeServerFrame(frame))).toEqual({ ok: true, frame });
    }
  });

  it("writes y-protocols' bytes, so a stock client reads the sync, awareness and auth frames", () => {
    const doc = docWith("stock");
    const expected = encoding.createEncoder();
    encoding.writeVarUint(expected, MessageTag.sync);
    syncProtocol.writeSyncStep1(expected, doc);
    expect(
      encodeServerFrame({ type: "sync-step1", stateVector: Y.encodeStateVector(doc) }),
    ).toEqual(encoding.toUint8Array(expected));

    // A stock client's reading of an update and of a refusal.
    const reader = new Y.Doc();
    const update = encodeServerFrame({ type: "sync-update", update: Y.encodeStateAsUpdate(doc) });
    const decoder = decoding.createDecoder(update);
    expect(decoding.readVarUint(decoder)).toBe(MessageTag.sync);
    syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), reader, null);
    expect(reader.getText("codemirror").toString()).toBe("stock");

    const denied = decoding.createDecoder(
      encodeServerFrame({ type: "permission-denied", reason: "no" }),
    );
    expect(decoding.readVarUint(denied)).toBe(MessageTag.auth);
    let reason = "";
    authProtocol.readAuthMessage(denied, reader, (_doc, text) => (reason = text));
    expect(reason).toBe("no");
  });

  it("refuses what is not a frame it sends, and says why", () => {
    const text = (tag: number, value: string) => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, tag);
      encoding.writeVarString(encoder, value);
      return encoding.toUint8Array(encoder);
    };
    expect(parseServerFrame(new Uint8Array([]))).toEqual({
      ok: false,
      reason: "truncated or malformed message",
    });
    expect(parseServerFrame(new Uint8Array([77]))).toEqual({
      ok: false,
      reason: "unknown message tag 77",
    });
    expect(parseServerFrame(new Uint8Array([MessageTag.saved, 0]))).toEqual({
      ok: false,
      reason: "unexpected bytes after the message",
    });
    expect(parseServerFrame(text(MessageTag.role, "admin"))).toEqual({
      ok: false,
      reason: 'unknown role "admin"',
    });
    expect(parseServerFrame(text(MessageTag.lock, '{"holder":"Ada"}'))).toEqual({
      ok: false,
      reason: "malformed lock state",
    });
    expect(parseServerFrame(text(MessageTag.restored, '{"by":"Ada"}'))).toEqual({
      ok: false,
      reason: "malformed restore",
    });
    expect(parseServerFrame(text(MessageTag.lock, "{not json"))).toEqual({
      ok: false,
      reason: "truncated or malformed message",
    });
  });
});
