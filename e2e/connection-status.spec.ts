import { expect, test } from "@playwright/test";
import {
  createDocument,
  editorOf,
  newPerson,
  openDocument,
  shareWith,
  statusOf,
} from "./fixtures.ts";

test("the header says Offline while the network is gone and Connected when it is back", async ({
  browser,
}, testInfo) => {
  const page = await newPerson(browser, "Ada");
  const doc = await createDocument(page);
  const other = await newPerson(browser, "Grace");
  await shareWith(page, other, doc);
  await openDocument(other, doc);

  const avatars = page.getByTestId("presence").getByTestId("presence-avatar");
  await expect(avatars).toHaveCount(2);

  await page.context().setOffline(true);
  await expect(statusOf(page)).toHaveText("Offline");
  // Offline, this tab cannot know who else is here.
  await expect(avatars).toHaveCount(1);

  // The editor stays usable offline; the edit is sent once the tab is back.
  await editorOf(page).click();
  await page.keyboard.type("Written on a train.");
  await page.screenshot({ path: testInfo.outputPath("offline.png") });
  await expect(editorOf(other)).not.toContainText("Written on a train.");

  await page.context().setOffline(false);
  await expect(statusOf(page)).toHaveText("Connected");
  await expect(editorOf(other)).toContainText("Written on a train.");
  await expect(avatars).toHaveCount(2);
  await other.context().close();
});
