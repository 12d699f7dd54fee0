import { exports } from "cloudflare:workers";
import { expect, it } from "vitest";
import { ApiClient, fileOf, randomAddress } from "../test/api-client.ts";
import { SyncClient } from "../test/sync-client.ts";

/**
 * Issue 15.3's cost on the connect path, measured inside workerd: one
 * signed-in person opens 64 document sockets through the Worker (session,
 * role, grant, the document's accept and its report to the person's user
 * object, which counts them for the cap across documents), 16 on each of 4
 * files, and we time each from the upgrade request to the first sync.
 * Prints p50 / p95 / max; asserts nothing about time.
 * `QUIRE_BENCH=1 npx vitest run --project bench worker/bench/connect.bench-test.ts`.
 */

const FILES = 4;
const PER_FILE = 16;

async function connect(path: string, cookie: string): Promise<SyncClient> {
  const response = await exports.default.fetch(`http://quire.test${path}`, {
    // Each from its own address, so the upgrade limit per address is not what is measured.
    headers: { Upgrade: "websocket", Cookie: cookie, "CF-Connecting-IP": randomAddress() },
  });
  return SyncClient.fromResponse(response);
}

it("times 64 connects of one person across 4 files", { timeout: 300_000 }, async () => {
  const ada = await ApiClient.signIn("Ada");
  const paths: string[] = [];
  for (let n = 0; n < FILES; n++) {
    const { file } = await fileOf(ada, `f${n}.md`);
    paths.push(new URL(file.syncUrl).pathname);
  }
  const rounds = 3;
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const clients: SyncClient[] = [];
    for (let n = 0; n < FILES * PER_FILE; n++) {
      const started = performance.now();
      const client = await connect(paths[n % FILES]!, ada.cookie);
      await client.untilSynced();
      times.push(performance.now() - started);
      clients.push(client);
    }
    for (const client of clients) client.close();
    // Let the closes be reported before the next round.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  console.log(
    `connect to first sync, ${times.length} sockets: p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms`,
  );
  expect(times.length).toBe(rounds * FILES * PER_FILE);
});
