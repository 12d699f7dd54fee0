import { expect, test, type Page } from "@playwright/test";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { DOCUMENT_TEXT_NAME } from "../shared/protocol/document-text.ts";
import {
  createDocument,
  documentTextOf,
  editorOf,
  newPerson,
  shareWith,
  type DocRef,
} from "./fixtures.ts";

/**
 * A stock y-websocket client in the test's own Node process, signed in as
 * its own person. Node's built-in WebSocket cannot send a Cookie header, so
 * the `ws` package carries the session cookie.
 */
async function connectNodeClient(doc: DocRef, person: Page) {
  const cookies = await person.context().cookies();
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  class CookieWebSocket extends WebSocket {
    constructor(url: string | URL) {
      super(url, { headers: { Cookie: cookie } });
    }
  }
  const slash = doc.syncUrl.lastIndexOf("/");
  const ydoc = new Y.Doc();
  const provider = new WebsocketProvider(
    doc.syncUrl.slice(0, slash),
    doc.syncUrl.slice(slash + 1),
    ydoc,
    {
      WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    },
  );
  await new Promise<void>((resolve) => {
    if (provider.synced) return resolve();
    provider.on("sync", (synced: boolean) => synced && resolve());
  });
  return { doc: ydoc, provider, text: ydoc.getText(DOCUMENT_TEXT_NAME) };
}

test("a stock y-websocket client and the browser see each other's edits live", async ({
  browser,
}) => {
  const page = await newPerson(browser, "Ada");
  const doc = await createDocument(page);
  const script = await newPerson(browser, "Node Script");
  await shareWith(page, script, doc);
  const node = await connectNodeClient(doc, script);
  try {
    node.provider.awareness.setLocalStateField("user", { name: "Someone Else", color: "#5f3dc4" });
    // The server stamps the session's name over whatever the client claims.
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
  await page.context().close();
  await script.context().close();
});
