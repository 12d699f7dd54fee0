import { expect, test } from "@playwright/test";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { DOCUMENT_TEXT_NAME as TEXT_NAME } from "../shared/protocol/document-text.ts";
import { createDocument, documentTextOf, editorOf, SYNC_SERVER_URL } from "./fixtures.ts";

/** A stock y-websocket client in the test's own Node process, synced with the server. */
async function connectNodeClient(documentId: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(SYNC_SERVER_URL, documentId, doc, {
    // Node 22 has a standard WebSocket; disableBc keeps this client on the socket only.
    WebSocketPolyfill: WebSocket,
    disableBc: true,
  });
  await new Promise<void>((resolve) => {
    if (provider.synced) return resolve();
    const onSync = (synced: boolean) => {
      if (!synced) return;
      provider.off("sync", onSync);
      resolve();
    };
    provider.on("sync", onSync);
  });
  return { doc, provider, text: doc.getText(TEXT_NAME) };
}

test("a stock y-websocket client and the browser see each other's edits live", async ({ page }) => {
  const documentId = await createDocument(page);
  const node = await connectNodeClient(documentId);
  try {
    node.provider.awareness.setLocalStateField("user", { name: "Node Script", color: "#5f3dc4" });
    await expect(page.getByTestId("presence").getByLabel("Node Script")).toBeVisible();

    node.text.insert(0, "Hello from Node.\n");
    await expect(editorOf(page)).toContainText("Hello from Node.");

    await editorOf(page).click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type("Hello from the browser.");
    await expect.poll(() => node.text.toString()).toBe("Hello from Node.\nHello from the browser.");
    await expect.poll(() => documentTextOf(page)).toBe(node.text.toString());
  } finally {
    node.provider.destroy();
    node.doc.destroy();
  }
  await expect(page.getByTestId("presence").getByLabel("Node Script")).toHaveCount(0);
});
