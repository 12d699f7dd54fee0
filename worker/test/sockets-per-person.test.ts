import { afterEach, describe, expect, it } from "vitest";
import { CloseCode } from "../../shared/errors.ts";
import { MAX_SOCKETS_PER_PERSON_PER_DOCUMENT } from "../../shared/limits.ts";
import { SyncClient, testDocumentId } from "./sync-client.ts";

/**
 * Issue 15.3: one person may hold 16 sockets on one document (300 idle ones
 * raised everyone's edit latency tenfold). A new one past that closes the
 * person's oldest there with 4429 (most likely a tab that is gone), which the
 * app retries with its backoff; nobody else's sockets are touched.
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
  it(`keeps ${MAX_SOCKETS_PER_PERSON_PER_DOCUMENT}, closes the oldest for a new one with 4429, and counts each person apart`, async () => {
    const id = testDocumentId();
    const bob = await connect(id, "bob");
    await bob.untilSynced();
    const held: SyncClient[] = [];
    for (let n = 0; n < MAX_SOCKETS_PER_PERSON_PER_DOCUMENT; n++) {
      held.push(await connect(id, "ada"));
      await held.at(-1)!.untilSynced();
    }
    expect(held.every((client) => client.closed === undefined)).toBe(true);

    const newest = await connect(id, "ada");
    await newest.untilSynced();
    expect(await held[0]!.untilClosed()).toEqual({
      code: CloseCode.rateLimited,
      reason: `more than ${MAX_SOCKETS_PER_PERSON_PER_DOCUMENT} connections of yours to this file; this, the oldest, closed`,
    });
    // The others, the newest and someone else's stay, and still sync.
    newest.text.insert(0, "still here");
    await bob.untilText("still here");
    await held[1]!.untilText("still here");
    expect(held.slice(1).every((client) => client.closed === undefined)).toBe(true);
    expect(newest.closed).toBeUndefined();
    expect(bob.closed).toBeUndefined();
  });
});
