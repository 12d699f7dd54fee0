import { expect, test } from "@playwright/test";
import {
  createDocument,
  editorOf,
  newPerson,
  openDocument,
  shareWith,
  waitUntilReady,
} from "./fixtures.ts";

test("renaming yourself relabels your cursor, avatars and member row for everyone at once; presence counts people, not tabs", async ({
  browser,
}) => {
  const ada = await newPerson(browser, "Ada");
  const doc = await createDocument(ada, "notes.md");
  const grace = await newPerson(browser, "Grace");
  await shareWith(ada, grace, doc);
  await openDocument(grace, doc);
  await editorOf(ada).click();
  await ada.keyboard.insertText("Hello");

  // A second tab of Ada's: still one Ada for Grace.
  const adaAgain = await ada.context().newPage();
  await adaAgain.goto(doc.url);
  await waitUntilReady(adaAgain);
  const presence = grace.getByTestId("presence");
  await expect(presence.getByTestId("presence-avatar")).toHaveCount(2);
  await expect(presence).toHaveAttribute("aria-label", "You and 1 other here");
  await expect(adaAgain.getByTestId("presence")).toHaveAttribute(
    "aria-label",
    "You and 1 other here",
  );

  await ada.getByRole("button", { name: "Account: Ada" }).click();
  await ada.getByRole("menuitem", { name: "Name and colour…" }).click();
  await ada.getByLabel("Your name", { exact: true }).fill("Ada Lovelace");
  await ada.getByRole("button", { name: "Save" }).click();

  // Grace sees the new name on the caret, the avatar and the tree, without a reload.
  await expect(grace.locator(".cm-ySelectionInfo", { hasText: "Ada Lovelace" })).toBeVisible();
  await expect(presence.getByLabel("Ada Lovelace")).toBeVisible();
  await expect(grace.getByLabel("People in notes.md").getByTitle("Ada Lovelace")).toBeVisible();
  // ...and in the member rows.
  await grace.getByRole("button", { name: "Share", exact: true }).first().click();
  const dialog = grace.getByRole("dialog", { name: /^Share / });
  await expect(dialog.getByRole("listitem", { name: "Ada Lovelace" })).toBeVisible();
  await ada.context().close();
  await grace.context().close();
});
