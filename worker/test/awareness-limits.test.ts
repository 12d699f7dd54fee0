import * as encoding from "lib0/encoding";
import { afterEach, describe, expect, it } from "vitest";
import { CloseCode } from "../../shared/errors.ts";
import { MAX_AWARENESS_STATE_BYTES } from "../../shared/limits.ts";
import { type AwarenessEntry, encodeAwarenessEntries } from "../../shared/protocol/frames.ts";
import { MessageTag } from "../../shared/protocol/messages.ts";
import { SyncClient, testDocumentId } from "./sync-client.ts";

/** Issue 15.1: what one socket's awareness may cost, and what of it reaches peers. */

const open: SyncClient[] = [];
afterEach(() => {
  for (const client of open.splice(0)) if (!client.closed) client.close();
});

async function connect(id: string, userId: string): Promise<SyncClient> {
  const client = await SyncClient.connect(id, { userId });
  open.push(client);
  await client.untilSynced();
  return client;
}

function awarenessFrame(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageTag.awareness);
  encoding.writeVarUint8Array(encoder, encodeAwarenessEntries(entries));
  return encoding.toUint8Array(encoder);
}

const position = { type: null, tname: "codemirror", item: null, assoc: 0 };
const cursor = { anchor: position, head: position };

describe("awareness limits", () => {
  it("refuses a state over the size limit with 4413, and nobody gets it", async () => {
    const id = testDocumentId();
    const peer = await connect(id, "peer");
    const big = await connect(id, "big");
    const note = "x".repeat(MAX_AWARENESS_STATE_BYTES);
    big.send(awarenessFrame([{ clientId: 11, clock: 1, state: { user: { name: note } } }]));
    expect(await big.untilClosed()).toEqual({
      code: CloseCode.tooLarge,
      reason: `an awareness state may take at most ${MAX_AWARENESS_STATE_BYTES} bytes`,
    });
    const joiner = await connect(id, "joiner");
    expect(joiner.peerNames()).toEqual([]);
    expect(peer.awareness.getStates().has(11)).toBe(false);
  });

  it("lets one socket hold 4 client ids, and closes it with 4400 when it names a fifth", async () => {
    const id = testDocumentId();
    const peer = await connect(id, "peer");
    const many = await connect(id, "many");
    for (let clientId = 1; clientId <= 4; clientId++) {
      many.send(awarenessFrame([{ clientId, clock: 1, state: { cursor: null } }]));
    }
    await peer.until(() => peer.peerNames().length === 4, "four cursors");
    many.send(awarenessFrame([{ clientId: 5, clock: 1, state: { cursor: null } }]));
    expect(await many.untilClosed()).toEqual({
      code: CloseCode.badMessage,
      reason: "a socket may hold at most 4 awareness clients",
    });
    await peer.until(() => peer.peerNames().length === 0, "the cursors to leave with the socket");
  });

  it("relays only the fields the app reads, and refuses a colour that is not one", async () => {
    const id = testDocumentId();
    const peer = await connect(id, "peer");
    const ada = await connect(id, "ada");
    ada.send(
      awarenessFrame([
        {
          clientId: 21,
          clock: 1,
          state: {
            user: { name: "Ada", colorLight: "#ff000033", extra: "x" },
            cursor,
            secret: "y".repeat(100),
          },
        },
      ]),
    );
    await peer.until(() => peer.awareness.getStates().has(21), "Ada's cursor");
    expect(peer.awareness.getStates().get(21)).toEqual({
      user: { id: "ada", name: "ada", color: "#0090ff", colorLight: "#ff000033" },
      cursor,
    });

    ada.send(
      awarenessFrame([
        { clientId: 21, clock: 2, state: { user: { colorLight: "red; background: url(x)" } } },
      ]),
    );
    expect(await ada.untilClosed()).toEqual({
      code: CloseCode.badMessage,
      reason: "awareness user.colorLight must be a colour like #1e90ff",
    });
  });

  it("refuses a malformed cursor with 4400 before any peer sees it", async () => {
    const id = testDocumentId();
    const peer = await connect(id, "peer");
    for (const bad of [
      { anchor: 3, head: position },
      { anchor: position },
      { anchor: { ...position, item: { client: "x", clock: 1 } }, head: position },
      { anchor: { ...position, tname: "another-root" }, head: position },
      "here",
    ]) {
      const mallory = await connect(id, "mallory");
      mallory.send(awarenessFrame([{ clientId: 31, clock: 1, state: { cursor: bad } }]));
      expect((await mallory.untilClosed()).code, JSON.stringify(bad)).toBe(CloseCode.badMessage);
    }
    expect(peer.awareness.getStates().has(31)).toBe(false);
  });
});
