import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CloseCode } from "../../shared/errors.ts";
import { MessageTag } from "../../shared/protocol/messages.ts";
import { storedText } from "./stored.ts";
import { SyncClient, testDocumentId } from "./sync-client.ts";

/**
 * Issue 15.5: after a refused write, a later edit on that socket builds on
 * the refused change. The server must not say it is saved: it could not
 * apply it, and no one else would see it. It closes the socket with 4409, so
 * the client reconnects and sends everything it has again.
 */

const open: SyncClient[] = [];
afterEach(() => {
  for (const client of open.splice(0)) if (!client.closed) client.close();
});

async function connect(id: string, userId: string): Promise<SyncClient> {
  const client = await SyncClient.connect(id, { userId, acks: true });
  open.push(client);
  await client.untilSynced();
  return client;
}

const savedCount = (client: SyncClient) => client.receivedByTag.get(MessageTag.saved) ?? 0;

describe("an edit that builds on a refused one", () => {
  it("is not acknowledged: the socket is told to resync, and after it everyone sees both", async () => {
    const id = testDocumentId();
    const stub = env.DOCUMENTS.get(env.DOCUMENTS.idFromName(id));
    const ada = await connect(id, "ada");
    const bob = await connect(id, "bob");
    ada.text.insert(0, "start");
    await bob.untilText("start");

    // Ada is made a viewer for a moment: her edit then is refused.
    await stub.setMemberRole("ada", "viewer");
    await ada.until(() => (ada.receivedByTag.get(MessageTag.role) ?? 0) > 0, "the role change");
    ada.text.insert(5, " refused");
    await ada.until(
      () => (ada.receivedByTag.get(MessageTag.auth) ?? 0) > 0,
      "permission denied for the refused edit",
    );
    await stub.setMemberRole("ada", "editor");
    await ada.until(() => (ada.receivedByTag.get(MessageTag.role) ?? 0) > 1, "the role back");

    // Her next edit sits after the refused one: the server cannot place it.
    const saved = savedCount(ada);
    ada.text.insert(ada.text.length, " later");
    const closed = await ada.untilClosed();
    expect(savedCount(ada)).toBe(saved);
    expect(closed.code).toBe(CloseCode.resync);
    expect(await storedText(stub)).toBe("start");

    // Her tab reconnects with everything it has, and now it is stored and seen.
    const again = await connect(id, "ada");
    Y.applyUpdate(again.doc, Y.encodeStateAsUpdate(ada.doc));
    await bob.untilText("start refused later");
    await again.until(() => savedCount(again) > 0, "the resent changes acknowledged");
    expect(await storedText(stub)).toBe("start refused later");
  });
});
