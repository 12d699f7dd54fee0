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
  await share.getByLabel("Role for a new link").selectOption("editor");
  await share.getByRole("button", { name: "Create link" }).click();
  const link = await share.getByLabel("New share link").inputValue();
  expect(link).toContain("/invite/");
  await owner.keyboard.press("Escape");

  const context = await browser.newContext({ baseURL: BASE_URL });
  const newcomer = await context.newPage();
  await newcomer.goto(link);
  await expect(newcomer.getByText("To join Team, tell us what to call you.")).toBeVisible();
  await newcomer.getByLabel("What should we call you?").fill("Nina");
  await newcomer.getByRole("button", { name: "Continue" }).click();
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
  await share.getByLabel("Role for a new link").selectOption("viewer");
  await share.getByRole("button", { name: "Create link" }).click();
  const link = await share.getByLabel("New share link").inputValue();
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
  await share.getByRole("button", { name: "Revoke viewer link" }).click();
  await expect(share.getByText("viewer link (revoked)")).toBeVisible();
  const third = await browser.newContext({ baseURL: BASE_URL });
  const stranger = await third.newPage();
  await stranger.goto(link);
  await expect(
    stranger.getByRole("heading", { name: "This invite link cannot be used" }),
  ).toBeVisible();
  await expect(stranger.getByText("revoked")).toBeVisible();
  await third.close();
  await viewer.context().close();
  await owner.context().close();
});
