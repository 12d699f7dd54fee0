import * as encoding from "lib0/encoding";
import { afterEach, describe, expect, it } from "vitest";
import { CloseCode } from "../../shared/errors.ts";
import { MessageTag, SyncStep } from "../../shared/protocol/messages.ts";
import { SyncClient, testDocumentId } from "./sync-client.ts";

/**
 * Issue 15.2: a few bytes must not make the document send megabytes. Sync
 * step 1 and query-awareness are limited per socket (4 at once, then one
 * every 10 s), an answer's bytes are charged to the asker's budget, and the
 * same state vector asked twice in a row is answered once.
 */

const open: SyncClient[] = [];
afterEach(() => {
  for (const client of open.splice(0)) if (!client.closed) client.close();
});

async function connect(id: string, userId: string, role = "editor"): Promise<SyncClient> {
  const client = await SyncClient.connect(id, { userId, role });
  open.push(client);
  await client.untilSynced();
  return client;
}

function step1(stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageTag.sync);
  encoding.writeVarUint(encoder, SyncStep.step1);
  encoding.writeVarUint8Array(encoder, stateVector);
  return encoding.toUint8Array(encoder);
}

/** An empty state vector ("send me everything"), and one naming a client nobody has. */
const EMPTY = new Uint8Array([0]);
const STRANGER = new Uint8Array([1, 99, 0]);
const QUERY_AWARENESS = new Uint8Array([MessageTag.queryAwareness]);
const CURSOR_FRAME = new Uint8Array([MessageTag.awareness, 6, 1, 7, 1, 2, 123, 125]); // client 7: {}

function step2Sizes(client: SyncClient, from: number): number[] {
  return client.received
    .slice(from)
    .filter((bytes) => bytes[0] === MessageTag.sync && bytes[1] === SyncStep.step2)
    .map((bytes) => bytes.byteLength);
}

describe("answers that cost more than their question", () => {
  it("answers the same state vector asked twice in a row once", async () => {
    const id = testDocumentId();
    const writer = await connect(id, "writer");
    writer.text.insert(0, "x".repeat(10_000));
    const viewer = await connect(id, "viewer", "viewer");
    await viewer.untilText("x".repeat(10_000));
    const from = viewer.received.length;
    // (Its step 1 on connect was EMPTY: asked again, that one would be the repeat.)
    viewer.send(step1(STRANGER));
    viewer.send(step1(STRANGER));
    viewer.send(CURSOR_FRAME); // echoed: everything before it was handled
    await viewer.until(() => viewer.awareness.getStates().has(7), "the echo");
    const sizes = step2Sizes(viewer, from);
    expect(sizes.length).toBe(2);
    expect(sizes[0]).toBeGreaterThan(10_000);
    expect(sizes[1]).toBeLessThan(10);
  });

  it("closes a socket with 4429 on its fifth sync step 1 within 10 s", async () => {
    const id = testDocumentId();
    const peer = await connect(id, "peer");
    const asker = await connect(id, "asker", "viewer");
    // Its first (on connect) counts; three more are fine.
    for (let n = 0; n < 3; n++) asker.send(step1(n % 2 === 0 ? EMPTY : STRANGER));
    asker.send(CURSOR_FRAME);
    await asker.until(() => asker.awareness.getStates().has(7), "the echo");
    expect(asker.closed).toBeUndefined();
    asker.send(step1(STRANGER));
    expect(await asker.untilClosed()).toEqual({
      code: CloseCode.rateLimited,
      reason: "asking for the whole document or every cursor too often (see README, Security)",
    });
    expect(peer.closed).toBeUndefined();
  });

  it("limits query-awareness the same way", async () => {
    const id = testDocumentId();
    const asker = await connect(id, "asker", "viewer");
    for (let n = 0; n < 3; n++) asker.send(QUERY_AWARENESS);
    asker.send(CURSOR_FRAME);
    await asker.until(() => asker.awareness.getStates().has(7), "the echo");
    expect(asker.closed).toBeUndefined();
    asker.send(QUERY_AWARENESS);
    expect((await asker.untilClosed()).code).toBe(CloseCode.rateLimited);
  });

  it("charges an answer's bytes to the socket that asked for it", async () => {
    const id = testDocumentId();
    const writer = await connect(id, "writer");
    const size = 5 * 1024 * 1024;
    writer.text.insert(0, "y".repeat(size));
    const asker = await connect(id, "asker", "viewer");
    await asker.until(() => asker.text.length === size, "the big text", 20_000);
    // Three whole documents (plus the one on connect) are 20 MiB of answers:
    // more than a socket's 16 MiB, so the small frame after them is refused.
    asker.send(step1(STRANGER));
    asker.send(step1(EMPTY));
    asker.send(step1(STRANGER));
    asker.send(CURSOR_FRAME);
    expect(await asker.untilClosed()).toEqual({
      code: CloseCode.rateLimited,
      reason: "sending faster than a socket may (see README, Security)",
    });
    expect(writer.closed).toBeUndefined();
  }, 60_000);
});
