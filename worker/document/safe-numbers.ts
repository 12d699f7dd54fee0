import * as Y from "yjs";

/**
 * Whether every client id, clock and length an update names can be written
 * back. lib0 checks a varint's size only before its last byte, so it reads
 * one past 2^53 rounded (2^56 + 2^53 - 1 comes back as 2^56 + 2^53), and
 * written again that is a varint lib0 refuses ("Integer out of Range"):
 * kept, it would be in every state vector and snapshot the document writes
 * from then on (worker/test/document.test.ts, "a Yjs update whose client id
 * cannot be written back").
 *
 * The room once checked this by merging the update and decoding it again,
 * two more decodes and an encode per update (issue 14.4). The numbers a
 * decoded update keeps are exactly these: each struct's id and length, an
 * item's origins and parent id, and the delete set. The rest of what lib0
 * reads as varints are counts and lengths it reads by (a wrong one fails the
 * decode) or values it writes back as floats (`ContentAny`).
 */
export function namesOnlySafeNumbers({ structs, ds }: ReturnType<typeof Y.decodeUpdate>): boolean {
  for (const struct of structs) {
    if (!safeId(struct.id) || !Number.isSafeInteger(struct.length)) return false;
    if (!(struct instanceof Y.Item)) continue;
    if (struct.origin && !safeId(struct.origin)) return false;
    if (struct.rightOrigin && !safeId(struct.rightOrigin)) return false;
    const parent = struct.parent as unknown;
    if (parent instanceof Y.ID && !safeId(parent)) return false;
  }
  for (const [client, deletions] of ds.clients) {
    if (!Number.isSafeInteger(client)) return false;
    for (const { clock, len } of deletions) {
      if (!Number.isSafeInteger(clock) || !Number.isSafeInteger(len)) return false;
    }
  }
  return true;
}

function safeId(id: Y.ID): boolean {
  return Number.isSafeInteger(id.client) && Number.isSafeInteger(id.clock);
}
