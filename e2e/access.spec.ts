import { expect, type Page, test } from "@playwright/test";
import {
  apiCall,
  createDocument,
  documentTextOf,
  editorOf,
  newPerson,
  openDocument,
  shareWith,
  waitUntilReady,
} from "./fixtures.ts";

async function openShare(page: Page) {
  await page.locator(".file-toolbar").getByRole("button", { name: "Share" }).click();
  return page.getByRole("dialog", { name: /^Share / });
}

test("a file's address: request access, an owner approves, and the requester's page turns into the file", async ({
  browser,
}) => {
  const olive = await newPerson(browser, "Olive");
  const doc = await createDocument(olive, "roadmap.md");
  await editorOf(olive).click();
  await olive.keyboard.insertText("Q3: ship it.");

  const sam = await newPerson(browser, "Sam");
  await sam.goto(doc.url);
  await expect(
    sam.getByRole("heading", { name: "You don’t have access to this file" }),
  ).toBeVisible();
  await sam.getByRole("button", { name: "Request access" }).click();
  await expect(sam.getByText("Request sent.")).toBeVisible();
  // A reload remembers the request.
  await sam.reload();
  await expect(sam.getByText("Request sent.")).toBeVisible();

  // The owner hears of it in the inbox and answers in the Share dialog.
  await expect(olive.getByRole("button", { name: "Inbox (1 new)" })).toBeVisible();
  await olive.getByRole("button", { name: "Inbox (1 new)" }).click();
  await expect(olive.getByRole("list", { name: "Inbox" })).toContainText(
    "Sam asks for access to Team (roadmap.md).",
  );
  await olive.keyboard.press("Escape");
  const dialog = await openShare(olive);
  const request = dialog.getByRole("listitem", { name: "Sam asks for access" });
  await expect(request).toContainText("to open roadmap.md");
  await request.getByLabel("Role for Sam").selectOption({ label: "Can edit" });
  await request.getByRole("button", { name: "Approve" }).click();
  await expect(request).toBeHidden();
  await expect(dialog.getByRole("listitem", { name: "Sam" })).toBeVisible();

  // Sam's page, untouched, is now the file, live and editable.
  await waitUntilReady(sam);
  await expect(sam.getByTestId("file-path")).toHaveText("roadmap.md");
  await expect.poll(() => documentTextOf(sam)).toBe("Q3: ship it.");
  await editorOf(sam).click();
  await sam.keyboard.press("ControlOrMeta+End");
  await sam.keyboard.insertText(" Agreed.");
  await olive.keyboard.press("Escape");
  await expect.poll(() => documentTextOf(olive)).toBe("Q3: ship it. Agreed.");
  await olive.context().close();
  await sam.context().close();
});

test("a declined request says so, and the requester may ask again", async ({ browser }) => {
  const olive = await newPerson(browser, "Olive");
  const doc = await createDocument(olive, "secret.md");
  const sam = await newPerson(browser, "Sam");
  await sam.goto(doc.url);
  await sam.getByRole("button", { name: "Request access" }).click();
  await expect(sam.getByText("Request sent.")).toBeVisible();

  const dialog = await openShare(olive);
  await dialog
    .getByRole("listitem", { name: "Sam asks for access" })
    .getByRole("button", { name: "Decline" })
    .click();
  await expect(sam.getByText("An owner declined your request.")).toBeVisible();
  await expect(sam.getByRole("button", { name: "Ask again" })).toBeVisible();
  await olive.context().close();
  await sam.context().close();
});

test("a removed member's old link is refused until an owner invites them again", async ({
  browser,
}) => {
  const olive = await newPerson(browser, "Olive");
  const doc = await createDocument(olive, "team.md");
  const bob = await newPerson(browser, "Bob");
  const oldLink = await apiCall<{ url: string }>(
    olive,
    "POST",
    `/api/workspaces/${doc.workspaceId}/invites`,
    { role: "editor" },
  );
  await bob.goto(new URL(oldLink.url).pathname);
  await bob.getByRole("button", { name: "Join Team" }).click();
  await openDocument(bob, doc);

  const dialog = await openShare(olive);
  await dialog.getByRole("button", { name: "Remove Bob" }).click();
  const confirm = olive.getByRole("alertdialog", { name: "Remove Bob from Team?" });
  await expect(confirm).toContainText("Links they already used stop working for them");
  await confirm.getByRole("button", { name: "Remove" }).click();
  await expect(dialog.getByText(/removed by Olive/)).toBeVisible();
  // Bob's open file closes at once and says why.
  await expect(bob.getByRole("alert")).toContainText("removed from this workspace");

  await bob.goto(new URL(oldLink.url).pathname);
  await bob.getByRole("button", { name: "Join Team" }).click();
  await expect(bob.getByRole("alert")).toHaveText(
    "Olive removed you from this workspace. Ask an owner to invite you again.",
  );
  await expect
    .poll(async () => (await bob.request.get(`/api/workspaces/${doc.workspaceId}`)).status())
    .toBe(403);

  // A new link is a new invitation.
  await shareWith(olive, bob, doc, "viewer");
  await openDocument(bob, doc);
  await expect(bob.getByText("Read-only")).toBeVisible();
  await olive.context().close();
  await bob.context().close();
});
