import { expect, type Browser, type Page, test } from "@playwright/test";
import {
  BASE_URL,
  createDocument,
  documentTextOf,
  editorOf,
  newPerson,
  waitUntilReady,
} from "./fixtures.ts";

/** A person who may read the clipboard (Copy link writes to it). */
async function withClipboard(browser: Browser, name?: string): Promise<Page> {
  const page = name ? await newPerson(browser, name) : await freshPage(browser);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], {
    origin: BASE_URL,
  });
  return page;
}

async function freshPage(browser: Browser): Promise<Page> {
  return (await browser.newContext({ baseURL: BASE_URL })).newPage();
}

/** Opens the Share dialog from the open file's toolbar. */
async function openShareFromFile(page: Page) {
  await page.getByTestId("file-path").waitFor();
  await page.locator(".file-toolbar").getByRole("button", { name: "Share" }).click();
  const dialog = page.getByRole("dialog", { name: /^Share / });
  await expect(dialog).toBeVisible();
  return dialog;
}

test("Copy link to this file puts the whole link on the clipboard, and joining lands on the file in one step", async ({
  browser,
}) => {
  const olive = await withClipboard(browser, "Olive");
  await createDocument(olive, "docs/plan.md");
  await editorOf(olive).click();
  await olive.keyboard.insertText("The plan.");

  const dialog = await openShareFromFile(olive);
  const copy = dialog.getByRole("button", { name: "Copy link to this file" });
  await copy.click();
  await expect(dialog.getByRole("button", { name: "Copied" })).toBeVisible();
  const copied = await olive.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(new RegExp(`^${BASE_URL}/invite/[\\w-]+\\.[\\w-]{43}$`));
  // The link is listed with its whole address, what it opens and who made it.
  const row = dialog.getByRole("listitem", { name: "Can edit link to docs/plan.md" });
  await expect(row.getByRole("textbox")).toHaveValue(copied);
  await expect(row).toContainText("Made by Olive");
  await expect(row).toContainText("nobody joined yet");

  // Someone with no account opens it: who invited them to what, a name, and they are in.
  const ada = await freshPage(browser);
  await ada.goto(copied);
  await expect(
    ada.getByText("Olive invited you to edit Team, starting with docs/plan.md."),
  ).toBeVisible();
  await ada.getByLabel("What should we call you?").fill("Ada");
  await ada.getByRole("button", { name: "Join Team" }).click();
  await waitUntilReady(ada);
  await expect(ada.getByTestId("file-path")).toHaveText("docs/plan.md");
  await expect.poll(() => documentTextOf(ada)).toBe("The plan.");

  // The owner's open dialog now says who joined with the link.
  await expect(row).toContainText("1 joined: Ada");
  await olive.context().close();
  await ada.context().close();
});

test("a second link keeps the first; each has role and expiry; revoking confirms and names who joined", async ({
  browser,
}) => {
  const olive = await withClipboard(browser, "Olive");
  await createDocument(olive, "notes.md");
  const dialog = await openShareFromFile(olive);
  await dialog.getByLabel("Opens", { exact: true }).selectOption({ label: "The workspace" });
  await dialog.getByRole("button", { name: "Create link" }).click();
  await dialog.getByLabel("Role", { exact: true }).selectOption({ label: "Can view" });
  await dialog.getByLabel("Expiry", { exact: true }).selectOption({ label: "Expires in 7 days" });
  await dialog.getByRole("button", { name: "Create link" }).click();

  const editLink = dialog.getByRole("listitem", { name: "Can edit link to the workspace" });
  const viewLink = dialog.getByRole("listitem", { name: "Can view link to the workspace" });
  await expect(editLink).toContainText("never expires");
  await expect(viewLink).toContainText("expires in 7 days");
  await expect(dialog.getByRole("heading", { name: "Links (2)" })).toBeVisible();

  // Copy link on a listed one says "Copied" and copies that link.
  await editLink.getByRole("button", { name: /^Copy the/ }).click();
  await expect(editLink.getByRole("button", { name: "Copied" })).toBeVisible();
  const editUrl = await olive.evaluate(() => navigator.clipboard.readText());
  await expect(editLink.getByRole("textbox")).toHaveValue(editUrl);

  const bob = await newPerson(browser, "Bob");
  await bob.goto(editUrl);
  await bob.getByRole("button", { name: "Join Team" }).click();
  await expect(bob.getByRole("heading", { name: "Team" })).toBeVisible();
  await expect(editLink).toContainText("1 joined: Bob");

  await editLink.getByRole("button", { name: /^Revoke/ }).click();
  const confirm = olive.getByRole("alertdialog", { name: "Revoke this link?" });
  await expect(confirm).toContainText("Bob joined with it and stays a member.");
  // Focus starts on Cancel: Enter alone destroys nothing.
  await olive.keyboard.press("Enter");
  await expect(confirm).toBeHidden();
  await expect(editLink).toBeVisible();
  await editLink.getByRole("button", { name: /^Revoke/ }).click();
  await confirm.getByRole("button", { name: "Revoke link" }).click();
  await expect(editLink).toBeHidden();
  await expect(viewLink).toBeVisible();
  await expect(dialog).toContainText("1 revoked or expired link no longer lets anyone in.");

  const late = await newPerson(browser, "Late");
  await late.goto(editUrl);
  await expect(late.getByRole("heading", { name: "This link cannot be used" })).toBeVisible();
  await expect(late.getByRole("alert")).toContainText("revoked");
  await olive.context().close();
  await bob.context().close();
  await late.context().close();
});
