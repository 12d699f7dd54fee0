import { afterEach, describe, expect, it } from "vitest";
import { CloseCode } from "../../shared/errors.ts";
import { MAX_SOCKETS_PER_PERSON_PER_DOCUMENT } from "../../shared/limits.ts";
import { SyncClient, testDocumentId } from "./sync-client.ts";

/**
 * Issue 15.3: one person may hold 16 sockets on one document (300 idle ones
 * raised everyone's edit latency tenfold). The next is refused with 4429,
 * which the app retries with its backoff; the open ones are kept.
 */

const open: SyncClient[] = [];
afterEach(() => {
  for (const client of open.splice(0)) if (!client.closed) client.close();
});

async function connect(id: string, userId: string): Promise<SyncClient> {
  const client = await SyncClient.connect(id, { userId });
  open.push(client);
  return client;
}

describe("sockets per person on one document", () => {
  it(`keeps ${MAX_SOCKETS_PER_PERSON_PER_DOCUMENT}, refuses the next with 4429, and counts each person apart`, async () => {
    const id = testDocumentId();
    const held: SyncClient[] = [];
    for (let n = 0; n < MAX_SOCKETS_PER_PERSON_PER_DOCUMENT; n++)
      held.push(await connect(id, "ada"));
    await Promise.all(held.map((client) => client.untilSynced()));

    const extra = await connect(id, "ada");
    expect(await extra.untilClosed()).toEqual({
      code: CloseCode.rateLimited,
      reason: `at most ${MAX_SOCKETS_PER_PERSON_PER_DOCUMENT} connections per person to one file; close a tab`,
    });
    // Someone else still gets in, and the first ones still sync.
    const bob = await connect(id, "bob");
    await bob.untilSynced();
    held[0]!.text.insert(0, "still here");
    await bob.untilText("still here");
    expect(held.every((client) => client.closed === undefined)).toBe(true);

    // A socket that closes makes room.
    const leaving = held.pop()!;
    leaving.close();
    await leaving.untilClosed();
    const again = await connect(id, "ada");
    await again.untilSynced();
    expect(again.closed).toBeUndefined();
  });
});
