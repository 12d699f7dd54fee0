import { expect, test } from "@playwright/test";
import {
  createDocument,
  documentTextOf,
  editorOf,
  newPerson,
  openDocument,
  shareWith,
  statusOf,
  storedUpdateCount,
} from "./fixtures.ts";

test("both people edit while offline, reconnect, and end with the same text", async ({
  browser,
}, testInfo) => {
  const ada = await newPerson(browser, "Ada");
  const bea = await newPerson(browser, "Bea");
  const doc = await createDocument(ada);
  await shareWith(ada, bea, doc);
  await openDocument(bea, doc);
  await editorOf(ada).click();
  await ada.keyboard.type("middle");
  await expect.poll(() => documentTextOf(bea)).toBe("middle");

  await ada.context().setOffline(true);
  await bea.context().setOffline(true);
  await expect(statusOf(ada)).toHaveText("Offline");
  await expect(statusOf(bea)).toHaveText("Offline");
  await ada.keyboard.press("Control+Home");
  await ada.keyboard.type("Ada: ");
  await editorOf(bea).click();
  await bea.keyboard.press("Control+End");
  await bea.keyboard.type(" :Bea");
  await expect(ada.getByTestId("save-status")).toHaveText(
    /^Offline — unsaved changes, last saved /,
  );
  await ada.screenshot({ path: testInfo.outputPath("ada-offline.png") });
  expect(await documentTextOf(ada)).toBe("Ada: middle");
  expect(await documentTextOf(bea)).toBe("middle :Bea");

  await ada.context().setOffline(false);
  await bea.context().setOffline(false);
  await expect.poll(() => documentTextOf(ada)).toBe("Ada: middle :Bea");
  await expect.poll(() => documentTextOf(bea)).toBe("Ada: middle :Bea");
  await expect(ada.getByTestId("save-status")).toHaveText("Saved");
  await expect(bea.getByTestId("save-status")).toHaveText("Saved");
  await ada.context().close();
  await bea.context().close();
});

test("text typed offline in a tab that is then closed is kept in the browser and sent later", async ({
  browser,
}) => {
  const ada = await newPerson(browser, "Ada");
  const bea = await newPerson(browser, "Bea");
  const doc = await createDocument(ada);
  await shareWith(ada, bea, doc);
  await openDocument(bea, doc);

  const context = ada.context();
  await context.setOffline(true);
  await expect(statusOf(ada)).toHaveText("Offline");
  await editorOf(ada).click();
  await ada.keyboard.type("Written before the battery died.");
  // y-indexeddb stores every change as its own row as it is made: wait until
  // all the keystrokes are on disk before the tab goes away.
  const typed = "Written before the battery died.".length;
  await expect.poll(() => storedUpdateCount(ada, doc.fileId)).toBeGreaterThan(typed);
  await ada.close();
  expect(await documentTextOf(bea)).toBe("");

  // Back online in a new tab of the same browser: the local copy syncs.
  await context.setOffline(false);
  const again = await context.newPage();
  await openDocument(again, doc);
  await expect.poll(() => documentTextOf(again)).toBe("Written before the battery died.");
  await expect.poll(() => documentTextOf(bea)).toBe("Written before the battery died.");
  await context.close();
  await bea.context().close();
});

test("a page reloaded offline still shows the file, with what was typed offline", async ({
  browser,
}, testInfo) => {
  const ada = await newPerson(browser, "Ada");
  const bea = await newPerson(browser, "Bea");
  const doc = await createDocument(ada);
  await shareWith(ada, bea, doc);
  await openDocument(bea, doc);
  await editorOf(ada).click();
  await ada.keyboard.type("Online. ");
  await expect.poll(() => documentTextOf(bea)).toBe("Online. ");
  // The service worker has kept this page, and who is signed in, for offline use.
  await expect
    .poll(() =>
      ada.evaluate(async () =>
        Boolean((await caches.match(location.href)) && (await caches.match("/api/session"))),
      ),
    )
    .toBe(true);

  await ada.context().setOffline(true);
  await expect(statusOf(ada)).toHaveText("Offline");
  await ada.keyboard.type("Offline.");
  await expect.poll(() => storedUpdateCount(ada, doc.fileId)).toBeGreaterThan(8);
  await ada.reload();
  await expect(editorOf(ada)).toBeVisible();
  await expect(statusOf(ada)).toHaveText("Offline");
  await expect.poll(() => documentTextOf(ada)).toBe("Online. Offline.");
  await ada.screenshot({ path: testInfo.outputPath("reloaded-offline.png") });

  await ada.context().setOffline(false);
  await expect.poll(() => documentTextOf(bea)).toBe("Online. Offline.");
  await expect(statusOf(ada)).toHaveText("Connected");
  await ada.context().close();
  await bea.context().close();
});
