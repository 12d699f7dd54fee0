import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import { parseClientFrame } from "./frames.ts";
import { MessageTag, SyncStep } from "./messages.ts";

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

describe("parseClientFrame", () => {
  it("reads each y-websocket message a stock client sends", () => {
    const doc = new Y.Doc();
    doc.getText("t").insert(0, "hi");
    const update = Y.encodeStateAsUpdate(doc);
    const awareness = new awarenessProtocol.Awareness(doc);
    clearInterval(awareness._checkInterval);
    awareness.setLocalState({ user: { name: "Ada" } });
    const awarenessUpdate = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);

    const step1 = parseClientFrame(
      frame((e) => {
        encoding.writeVarUint(e, MessageTag.sync);
        encoding.writeVarUint(e, SyncStep.step1);
        encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
      }),
    );
    expect(step1).toMatchObject({ ok: true, frame: { type: "sync-step1" } });

    const sync = parseClientFrame(
      frame((e) => {
        encoding.writeVarUint(e, MessageTag.sync);
        encoding.writeVarUint(e, SyncStep.update);
        encoding.writeVarUint8Array(e, update);
      }),
    );
    expect(sync).toEqual({ ok: true, frame: { type: "sync-update", update } });

    const presence = parseClientFrame(
      frame((e) => {
        encoding.writeVarUint(e, MessageTag.awareness);
        encoding.writeVarUint8Array(e, awarenessUpdate);
      }),
    );
    expect(presence).toMatchObject({
      ok: true,
      frame: {
        type: "awareness",
        entries: [{ clientId: doc.clientID, clock: 1, state: { user: { name: "Ada" } } }],
      },
    });

    expect(
      parseClientFrame(frame((e) => encoding.writeVarUint(e, MessageTag.queryAwareness))),
    ).toEqual({ ok: true, frame: { type: "query-awareness" } });
  });

  it("names what is wrong with a bad frame", () => {
    expect(parseClientFrame(new Uint8Array([]))).toEqual({
      ok: false,
      reason: "truncated or malformed message",
    });
    expect(parseClientFrame(new Uint8Array([9]))).toEqual({
      ok: false,
      reason: "unknown message tag 9",
    });
    expect(parseClientFrame(new Uint8Array([MessageTag.queryAwareness, 0]))).toEqual({
      ok: false,
      reason: "unexpected bytes after the message",
    });
    const arrayState = frame((e) => {
      encoding.writeVarUint(e, MessageTag.awareness);
      encoding.writeVarUint8Array(
        e,
        frame((inner) => {
          encoding.writeVarUint(inner, 1);
          encoding.writeVarUint(inner, 5);
          encoding.writeVarUint(inner, 1);
          encoding.writeVarString(inner, "[1,2]");
        }),
      );
    });
    expect(parseClientFrame(arrayState)).toEqual({
      ok: false,
      reason: "awareness state must be an object or null",
    });
    const clockPastSafe = frame((e) => {
      encoding.writeVarUint(e, MessageTag.awareness);
      encoding.writeVarUint8Array(
        e,
        frame((inner) => {
          encoding.writeVarUint(inner, 1);
          encoding.writeVarUint(inner, 5);
          encoding.writeVarUint(inner, 2 ** 53);
          encoding.writeVarString(inner, "{}");
        }),
      );
    });
    expect(parseClientFrame(clockPastSafe)).toEqual({
      ok: false,
      reason: "awareness client ids and clocks must be below 2^53",
    });
  });
});
