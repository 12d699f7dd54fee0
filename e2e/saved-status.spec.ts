import { expect, test } from "@playwright/test";
import { createDocument, editorOf, newPerson, openDocument, shareWith } from "./fixtures.ts";

test("Saved shows only after the server has acknowledged the change", async ({ browser }) => {
  const ada = await newPerson(browser, "Ada");
  // Sit between the page and the server, and hold back the server's acknowledgements (tag 102).
  let holdAcks = false;
  const held: (string | Buffer)[] = [];
  let toPage: ((message: string | Buffer) => void) | undefined;
  await ada.routeWebSocket(/\/sync\//, (page) => {
    const server = page.connectToServer();
    page.onMessage((message) => server.send(message));
    toPage = (message) => page.send(message);
    server.onMessage((message) => {
      const isAck = typeof message !== "string" && message.length === 1 && message[0] === 102;
      if (holdAcks && isAck) held.push(message);
      else page.send(message);
    });
  });
  await createDocument(ada);
  const status = ada.getByTestId("save-status");
  await expect(status).toHaveText("Saved");

  holdAcks = true;
  await editorOf(ada).click();
  await ada.keyboard.type("draft");
  await expect(status).toHaveText("Saving…");
  await ada.waitForTimeout(500);
  await expect(status).toHaveText("Saving…");

  holdAcks = false;
  for (const message of held.splice(0)) toPage?.(message);
  await expect(status).toHaveText("Saved");
  await ada.context().close();
});

test("offline changes say so, with when the last save was, then are saved and shared on reconnect", async ({
  browser,
}) => {
  const ada = await newPerson(browser, "Ada");
  const doc = await createDocument(ada);
  const bea = await newPerson(browser, "Bea");
  await shareWith(ada, bea, doc);
  await openDocument(bea, doc);

  await ada.context().setOffline(true);
  await editorOf(ada).click();
  await ada.keyboard.type("abc");
  await expect(ada.getByTestId("save-status")).toHaveText(
    "Offline — unsaved changes, last saved just now",
  );

  await ada.context().setOffline(false);
  await expect(ada.getByTestId("save-status")).toHaveText("Saved");
  await expect(editorOf(bea)).toContainText("abc");
  await ada.context().close();
  await bea.context().close();
});
