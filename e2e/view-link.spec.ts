import { expect, test } from "@playwright/test";
import { BASE_URL, createDocument, documentTextOf, editorOf, newPerson } from "./fixtures.ts";

test("a link anyone can open shows the file live and read-only in a fresh browser with no cookies, until it is revoked", async ({
  browser,
}) => {
  const olive = await newPerson(browser, "Olive");
  await olive.context().grantPermissions(["clipboard-read", "clipboard-write"], {
    origin: BASE_URL,
  });
  await createDocument(olive, "public.md");
  await editorOf(olive).click();
  await olive.keyboard.insertText("Open to all.");

  await olive.locator(".file-toolbar").getByRole("button", { name: "Share" }).click();
  const dialog = olive.getByRole("dialog", { name: /^Share / });
  await dialog.getByLabel("Anyone with the link can view public.md").check();
  // A link anyone can open is for viewing only.
  await expect(dialog.getByLabel("Role", { exact: true })).toBeDisabled();
  await dialog.getByRole("button", { name: "Copy link to this file" }).click();
  await expect(dialog.getByRole("button", { name: "Copied" })).toBeVisible();
  const url = await olive.evaluate(() => navigator.clipboard.readText());
  expect(url).toMatch(new RegExp(`^${BASE_URL}/view/`));
  const row = dialog.getByRole("listitem", { name: "Anyone can view link to public.md" });
  await expect(row).toContainText("no visitors yet");

  // A stranger's browser: no session, no cookies at all.
  const context = await browser.newContext({ baseURL: BASE_URL });
  expect(await context.cookies()).toEqual([]);
  const visitor = await context.newPage();
  await visitor.goto(url);
  await expect(visitor.getByTestId("file-path")).toHaveText("public.md");
  await expect(visitor.getByText("in Team, shared by Olive")).toBeVisible();
  await expect(visitor.getByText("Read-only")).toBeVisible();
  await expect.poll(() => documentTextOf(visitor)).toBe("Open to all.");

  // Live: the owner types and the visitor reads it, with the owner's named caret.
  await olive.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await editorOf(olive).click();
  await olive.keyboard.press("ControlOrMeta+End");
  await olive.keyboard.insertText(" More.");
  await expect.poll(() => documentTextOf(visitor)).toBe("Open to all. More.");
  await expect(visitor.locator(".cm-ySelectionInfo")).toHaveText("Olive");
  await expect(editorOf(visitor)).toHaveAttribute("contenteditable", "false");
  await editorOf(visitor).click();
  await visitor.keyboard.type("vandal");
  await expect.poll(() => documentTextOf(olive)).toBe("Open to all. More.");
  // The visitor is nobody: no avatar or caret for them on the owner's page.
  await expect(olive.getByTestId("presence").getByTestId("presence-avatar")).toHaveCount(1);
  await expect(olive.locator(".cm-ySelectionInfo")).toHaveCount(0);

  // Counted, not listed.
  await olive.reload();
  await olive.locator(".file-toolbar").getByRole("button", { name: "Share" }).click();
  const again = olive.getByRole("dialog", { name: /^Share / });
  const listed = again.getByRole("listitem", { name: "Anyone can view link to public.md" });
  await expect(listed).toContainText("1 visitor");
  await expect(again.getByRole("heading", { name: "People (1)" })).toBeVisible();

  await listed.getByRole("button", { name: /^Revoke/ }).click();
  const confirm = olive.getByRole("alertdialog", { name: "Revoke this link?" });
  await expect(confirm).toContainText("Anyone reading public.md with it is disconnected now.");
  await confirm.getByRole("button", { name: "Revoke link" }).click();
  await expect(visitor.getByRole("alert")).toHaveText("This link was turned off by its owner.");
  await visitor.reload();
  await expect(visitor.getByRole("heading", { name: "This link cannot be used" })).toBeVisible();
  await olive.context().close();
  await context.close();
});
