import { expect, test } from "@playwright/test";
import { createDocument, editorOf, newPerson, openDocument, shareWith } from "./fixtures.ts";

test("text survives a reload and is there for someone opening the link later", async ({
  browser,
}) => {
  const page = await newPerson(browser, "Ada");
  const doc = await createDocument(page);
  await editorOf(page).click();
  await page.keyboard.type("# Shopping list\n\n- bread\n- tea");
  await expect(editorOf(page)).toContainText("- tea");

  await page.reload();
  await expect(page.getByTestId("connection-status")).toHaveText("Connected");
  await expect(editorOf(page)).toContainText("# Shopping list");
  await expect(editorOf(page)).toContainText("- bread");
  await expect(editorOf(page)).toContainText("- tea");

  const later = await newPerson(browser, "Later");
  await shareWith(page, later, doc);
  await openDocument(later, doc);
  await expect(editorOf(later)).toContainText("# Shopping list");
  await expect(editorOf(later)).toContainText("- tea");
  await later.context().close();
  await page.context().close();
});
