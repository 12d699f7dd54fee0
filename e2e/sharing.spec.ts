import { expect, test } from "@playwright/test";
import {
  BASE_URL,
  createDocument,
  documentTextOf,
  editorOf,
  newPerson,
  openShareDialog,
  statusOf,
} from "./fixtures.ts";

test("a share link lets a newcomer pick a name, join and type; the owner sees their text and cursor", async ({
  browser,
}, testInfo) => {
  const owner = await newPerson(browser, "Olive");
  await createDocument(owner, "plan.md");
  let share = await openShareDialog(owner);
  await share.getByLabel("Role", { exact: true }).selectOption("editor");
  await share.getByRole("button", { name: "Create link" }).click();
  const link = await share
    .getByRole("listitem", { name: "Can edit link to the workspace" })
    .getByRole("textbox")
    .inputValue();
  expect(link).toContain("/invite/");
  await owner.keyboard.press("Escape");

  const context = await browser.newContext({ baseURL: BASE_URL });
  const newcomer = await context.newPage();
  await newcomer.goto(link);
  await expect(
    newcomer.getByText("Olive invited you to edit Team. Tell us what to call you."),
  ).toBeVisible();
  await newcomer.getByLabel("What should we call you?").fill("Nina");
  // Picking a name joins: one step.
  await newcomer.getByRole("button", { name: "Join Team" }).click();
  await expect(newcomer.getByRole("heading", { name: "Team" })).toBeVisible();
  await newcomer.getByRole("link", { name: "plan.md" }).click();
  await expect(statusOf(newcomer)).toHaveText("Connected");
  await editorOf(newcomer).click();
  await newcomer.keyboard.type("Nina was here.");

  await expect.poll(() => documentTextOf(owner)).toBe("Nina was here.");
  await expect(owner.locator(".cm-ySelectionCaret .cm-ySelectionInfo")).toHaveText("Nina");
  await expect(owner.getByTestId("presence").getByLabel("Nina")).toBeVisible();
  // The owner's inbox heard about it, live.
  await owner.getByRole("button", { name: /Inbox \(1 new\)/ }).click();
  await expect(owner.getByRole("list", { name: "Inbox" })).toContainText("Nina joined Team.");
  await owner.screenshot({ path: testInfo.outputPath("owner-sees-newcomer.png") });

  // Removing the member closes their editor's connection, with a message.
  await owner.keyboard.press("Escape");
  share = await openShareDialog(owner);
  await share.getByRole("button", { name: "Remove Nina" }).click();
  await owner.getByRole("alertdialog").getByRole("button", { name: "Remove" }).click();
  await expect(newcomer.getByRole("alert").first()).toContainText("removed");
  await newcomer.screenshot({ path: testInfo.outputPath("removed.png") });
  await context.close();
  await owner.context().close();
});

test("a viewer link gives a read-only editor, and a revoked link refuses", async ({ browser }) => {
  const owner = await newPerson(browser, "Olive");
  const doc = await createDocument(owner, "rules.md");
  await editorOf(owner).click();
  await owner.keyboard.type("Read me.");

  let share = await openShareDialog(owner);
  await share.getByLabel("Role", { exact: true }).selectOption("viewer");
  await share.getByRole("button", { name: "Create link" }).click();
  const row = share.getByRole("listitem", { name: "Can view link to the workspace" });
  const link = await row.getByRole("textbox").inputValue();
  await owner.keyboard.press("Escape");

  const viewer = await newPerson(browser, "Vera");
  await viewer.goto(link);
  await viewer.getByRole("button", { name: "Join Team" }).click();
  await viewer.goto(doc.url);
  await expect(statusOf(viewer)).toHaveText("Connected");
  await expect(viewer.getByText("Read-only")).toBeVisible();
  await expect.poll(() => documentTextOf(viewer)).toBe("Read me.");
  await editorOf(viewer).click();
  await viewer.keyboard.type("vandalism");
  await expect.poll(() => documentTextOf(viewer)).toBe("Read me.");
  await owner.waitForTimeout(500);
  expect(await documentTextOf(owner)).toBe("Read me.");

  share = await openShareDialog(owner);
  await share
    .getByRole("listitem", { name: "Can view link to the workspace" })
    .getByRole("button", { name: /^Revoke/ })
    .click();
  await owner.getByRole("alertdialog").getByRole("button", { name: "Revoke link" }).click();
  await expect(
    share.getByText("1 revoked or expired link no longer lets anyone in."),
  ).toBeVisible();
  const third = await browser.newContext({ baseURL: BASE_URL });
  const stranger = await third.newPage();
  await stranger.goto(link);
  await expect(stranger.getByRole("heading", { name: "This link cannot be used" })).toBeVisible();
  await expect(stranger.getByText("revoked")).toBeVisible();
  await third.close();
  await viewer.context().close();
  await owner.context().close();
});
