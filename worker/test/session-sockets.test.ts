import { env, exports } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { CloseCode } from "../../shared/errors.ts";
import { hashToken, sessionShard } from "../lib/auth.ts";
import { ApiClient, fileOf, randomAddress } from "./api-client.ts";
import { SyncClient } from "./sync-client.ts";

/**
 * Issue 15.10: a session that ends, by signing in again in the same browser
 * or by expiring, closes its open sockets, which would otherwise go on
 * writing with the ended session.
 */

const open: SyncClient[] = [];
afterEach(() => {
  for (const client of open.splice(0)) if (!client.closed) client.close();
});

async function editing(person: ApiClient) {
  const { file } = await fileOf(person);
  const client = await SyncClient.connectThroughWorker(
    new URL(file.syncUrl).pathname,
    person.cookie,
  );
  open.push(client);
  await client.untilSynced();
  return client;
}

describe("an ended session's sockets", () => {
  it("close when the same browser signs in again", async () => {
    const ada = await ApiClient.signIn("Ada");
    const editor = await editing(ada);
    const again = await exports.default.fetch("http://quire.test/api/session", {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "CF-Connecting-IP": randomAddress(),
        Cookie: ada.cookie,
      },
      body: JSON.stringify({ name: "Ada again" }),
    });
    expect(again.status).toBe(201);
    await again.body?.cancel();
    expect(await editor.untilClosed()).toEqual({
      code: CloseCode.unauthorized,
      reason: "You signed in again; this page uses the new session.",
    });
  });

  it("close when the session expires", async () => {
    const ada = await ApiClient.signIn("Ada");
    const editor = await editing(ada);
    const hash = await hashToken(ada.cookie.slice(ada.cookie.indexOf("=") + 1));
    const shard = sessionShard(env, hash);
    await runInDurableObject(shard, (_, state) => {
      state.storage.sql.exec("UPDATE sessions SET expires_at = ? WHERE hash = ?", Date.now(), hash);
      state.storage.sql.exec("UPDATE scheduled_events SET run_at = ?", Date.now());
    });
    await runDurableObjectAlarm(shard);
    expect(await editor.untilClosed()).toEqual({
      code: CloseCode.unauthorized,
      reason: "Your session expired. Sign in again.",
    });
  });
});
