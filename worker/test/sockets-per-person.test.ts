import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { CloseCode, TOO_MANY_TABS_REASON } from "../../shared/errors.ts";
import {
  MAX_SOCKETS_PER_PERSON,
  MAX_SOCKETS_PER_PERSON_PER_DOCUMENT,
} from "../../shared/limits.ts";
import { SyncClient, testDocumentId } from "./sync-client.ts";

/**
 * Issue 15.3: one person may hold 16 sockets on one document (300 idle ones
 * raised everyone's edit latency tenfold). A new one past that closes the
 * person's oldest there with 4429 (most likely a tab that is gone), which the
 * app retries with its backoff; nobody else's sockets are touched.
 */

const open: SyncClient[] = [];
/** People whose sockets are reported: the test waits for their closes to be counted. */
const reported = new Set<string>();
afterEach(async () => {
  for (const client of open.splice(0)) if (!client.closed) client.close();
  for (const person of reported) await untilCounted(person, 0);
  reported.clear();
});

async function connect(id: string, userId: string): Promise<SyncClient> {
  const client = await SyncClient.connect(id, { userId });
  open.push(client);
  return client;
}

/** A socket reported to its person's user object, as every socket the Worker opens is. */
async function connectReported(fileId: string, userId: string): Promise<SyncClient> {
  reported.add(userId);
  const client = await SyncClient.connect(fileId, { userId, fileId });
  open.push(client);
  await client.untilSynced();
  return client;
}

/** How many document sockets the person's user object counts (what the cap compares). */
function countedSockets(userId: string): Promise<number> {
  const user = env.USERS.get(env.USERS.idFromName(userId));
  return runInDurableObject(
    user,
    (_, state) =>
      state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM open_sockets").one().n,
  );
}

async function untilCounted(userId: string, expected: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await countedSockets(userId)) !== expected) {
    if (Date.now() > deadline) throw new Error(`never counted ${expected} sockets of ${userId}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
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

/**
 * Issue 15.3, across documents: one person may hold 64 document sockets in
 * all. Their user object counts them in its SQLite from the documents'
 * reports (so eviction forgets nothing), and a new one past the cap has the
 * document holding the person's oldest close it with 4429 and a sentence
 * the app shows and does not retry.
 */
describe("sockets per person across documents", () => {
  const documents = 5; // 13 each: under the per-document cap, over the overall one together.

  it(`keeps ${MAX_SOCKETS_PER_PERSON}, and a new one closes the oldest, wherever it is, with 4429`, async () => {
    const person = `cap-${testDocumentId()}`;
    const files = Array.from({ length: documents }, () => testDocumentId());
    const bob = await connectReported(files[0]!, `bob-${testDocumentId()}`);
    const held: SyncClient[] = [await connectReported(files[0]!, person)];
    // The first is the oldest for sure: counted before any other is opened.
    await untilCounted(person, 1);
    for (let n = 1; n < MAX_SOCKETS_PER_PERSON; n++) {
      held.push(await connectReported(files[n % documents]!, person));
    }
    await untilCounted(person, MAX_SOCKETS_PER_PERSON);
    expect(held.every((client) => client.closed === undefined)).toBe(true);

    const newest = await connectReported(files[3]!, person);
    expect(await held[0]!.untilClosed()).toEqual({
      code: CloseCode.rateLimited,
      reason: TOO_MANY_TABS_REASON,
    });
    await untilCounted(person, MAX_SOCKETS_PER_PERSON);
    // Everyone else keeps working: the newest edits, a socket of the person's
    // on the oldest's document and someone else's there see it.
    newest.text.insert(0, "on file 3");
    await held[3]!.untilText("on file 3");
    held[5]!.text.insert(0, "on file 0");
    await bob.untilText("on file 0");
    expect(held.slice(1).every((client) => client.closed === undefined)).toBe(true);
    expect(newest.closed).toBeUndefined();
    expect(bob.closed).toBeUndefined();
  });

  it("frees the slot of a socket closed normally, so closing and reopening tabs never reaches the cap", async () => {
    const person = `reopen-${testDocumentId()}`;
    const files = Array.from({ length: documents }, () => testDocumentId());
    const held: SyncClient[] = [];
    for (let n = 0; n < MAX_SOCKETS_PER_PERSON; n++) {
      held.push(await connectReported(files[n % documents]!, person));
    }
    await untilCounted(person, MAX_SOCKETS_PER_PERSON);
    // A tab closed and opened again, many times over, on several files.
    for (let round = 0; round < MAX_SOCKETS_PER_PERSON + 16; round++) {
      const index = (round * 7) % held.length;
      held[index]!.close();
      await untilCounted(person, MAX_SOCKETS_PER_PERSON - 1);
      held[index] = await connectReported(files[round % documents]!, person);
      await untilCounted(person, MAX_SOCKETS_PER_PERSON);
    }
    expect(held.filter((client) => client.closed !== undefined)).toEqual([]);
    expect(open.filter((client) => client.closed?.code === CloseCode.rateLimited)).toEqual([]);
  });

  it("does not close a live socket for sockets a document lost without reporting their close", async () => {
    const person = `stale-${testDocumentId()}`;
    const live = await connectReported(testDocumentId(), person);
    await untilCounted(person, 1);
    // A document reset without reporting its closes (a crash) left rows for
    // sockets it no longer has, all newer than the live one.
    const reset = testDocumentId();
    const user = env.USERS.get(env.USERS.idFromName(person));
    await runInDurableObject(user, (_, state) => {
      for (let n = 0; n < MAX_SOCKETS_PER_PERSON - 1; n++) {
        state.storage.sql.exec(
          "INSERT INTO open_sockets (socket_id, session_hash, file_id, opened_at) VALUES (?, 'x', ?, ?)",
          `lost-${n}`,
          reset,
          Date.now() + 1_000 + n,
        );
      }
    });
    const another = await connectReported(testDocumentId(), person);
    // The lost ones are forgotten once their document says they are not open.
    await untilCounted(person, 2);
    another.text.insert(0, "x");
    await another.untilText("x");
    expect(live.closed).toBeUndefined();
    expect(another.closed).toBeUndefined();
  });
});
