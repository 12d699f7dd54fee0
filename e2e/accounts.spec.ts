import { expect, test } from "@playwright/test";
import {
  apiCall,
  BASE_URL,
  createDocument,
  newPerson,
  openDocument,
  shareWith,
  statusOf,
} from "./fixtures.ts";

// Issue 18 items 3–5 in the browser: sessions that end everywhere, the
// guest's sign-out warning, leaving a workspace, and the last owner.

test("sign out everywhere closes the other context's sockets", async ({ browser }, testInfo) => {
  const ada = await newPerson(browser, "Ada");
  const doc = await createDocument(ada, "notes.md");
  await expect(statusOf(ada)).toHaveText("Connected");
  // A second browser context with the same session cookie: another tab of hers elsewhere.
  const elsewhere = await browser.newContext({ baseURL: BASE_URL });
  await elsewhere.addCookies(await ada.context().cookies());
  const other = await elsewhere.newPage();
  await openDocument(other, doc);

  // From the account page: both are listed (one session, two tabs: the list
  // has it once), and "Sign out everywhere" ends it for both contexts.
  await ada.goto("/account");
  const sessions = ada.getByRole("list", { name: "Sessions" });
  await expect(sessions.getByRole("listitem")).toHaveCount(1);
  await expect(sessions).toContainText(/Chrome on \w+/);
  await expect(sessions).toContainText("This session");
  await ada.screenshot({ path: testInfo.outputPath("account-sessions.png"), fullPage: true });
  await ada.getByRole("button", { name: "Sign out everywhere…" }).click();
  await ada
    .getByRole("alertdialog", { name: "Sign out everywhere?" })
    .getByRole("button", { name: "Sign out everywhere" })
    .click();
  await expect(ada.getByRole("button", { name: "Account: Ada" })).toBeHidden();
  await expect(other.getByRole("alert")).toHaveText(
    "You are signed out. Sign in again to keep editing.",
    { timeout: 15_000 },
  );
  await expect(statusOf(other)).toHaveText("Offline");
  expect((await other.request.get("/api/session")).status()).toBe(401);
  await elsewhere.close();
});

test("a guest's sign-out says how many workspaces would be lost", async ({ browser }, testInfo) => {
  const ada = await newPerson(browser, "Ada");
  await apiCall(ada, "POST", "/api/workspaces", { name: "Mine" });
  await apiCall(ada, "POST", "/api/workspaces", { name: "Also mine" });
  const bob = await newPerson(browser, "Bob");
  const doc = await createDocument(bob, "theirs.md", { open: false });
  await shareWith(bob, ada, doc, "editor");

  await ada.goto("/");
  await ada.getByRole("button", { name: "Account: Ada" }).click();
  await ada.getByRole("menuitem", { name: "Sign out" }).click();
  const warning = ada.getByRole("alertdialog", { name: "Sign out of this guest identity?" });
  await expect(warning).toContainText(
    "You are a guest: signing out loses access to 3 workspaces, 2 of which you own, for good.",
  );
  await expect(warning.getByRole("link", { name: "Add a passkey first" })).toHaveAttribute(
    "href",
    "/account",
  );
  await ada.screenshot({ path: testInfo.outputPath("guest-sign-out.png") });
  // Cancel keeps her signed in; "Sign out anyway" does not.
  await warning.getByRole("button", { name: "Cancel" }).click();
  await expect(warning).toBeHidden();
  expect((await ada.request.get("/api/session")).status()).toBe(200);
  await ada.getByRole("button", { name: "Account: Ada" }).click();
  await ada.getByRole("menuitem", { name: "Sign out" }).click();
  await warning.getByRole("button", { name: "Sign out anyway" }).click();
  await expect(ada.getByRole("button", { name: "Account: Ada" })).toBeHidden();
  expect((await ada.request.get("/api/session")).status()).toBe(401);
});

test("a member leaves a workspace; the last owner is told to choose another owner first", async ({
  browser,
}, testInfo) => {
  const olive = await newPerson(browser, "Olive");
  const doc = await createDocument(olive, "team.md", { open: false });
  const eddie = await newPerson(browser, "Eddie");
  await shareWith(olive, eddie, doc, "editor");

  // The only owner cannot leave: the dialog says why and what to do.
  await olive.goto(`/w/${doc.workspaceId}`);
  await olive.getByRole("button", { name: "Workspace actions" }).click();
  await olive.getByRole("menuitem", { name: "Leave workspace…" }).click();
  const refused = olive.getByRole("alertdialog", { name: /^You are the only owner of / });
  await expect(refused).toContainText("Make someone else an owner first");
  await olive.screenshot({ path: testInfo.outputPath("last-owner.png") });
  await refused.getByRole("button", { name: "Choose another owner" }).click();
  await expect(olive.getByRole("dialog", { name: /^Share / })).toBeVisible();
  // And the server refuses it too, with the same words.
  const oliveId = (await apiCall<{ user: { id: string } }>(olive, "GET", "/api/session")).user.id;
  const direct = await olive.request.delete(
    `/api/workspaces/${doc.workspaceId}/members/${oliveId}`,
  );
  expect(direct.status()).toBe(409);
  expect((await direct.json()).error.message).toBe(
    "A workspace needs at least one owner; make someone else an owner first.",
  );

  // Eddie leaves, after a confirmation, and is taken home without it.
  await eddie.goto(`/w/${doc.workspaceId}`);
  await eddie.getByRole("button", { name: "Workspace actions" }).click();
  await eddie.getByRole("menuitem", { name: "Leave workspace…" }).click();
  const confirm = eddie.getByRole("alertdialog", { name: /^Leave / });
  await expect(confirm).toContainText("you lose access to its files");
  await confirm.getByRole("button", { name: "Leave workspace" }).click();
  await expect(eddie).toHaveURL(`${BASE_URL}/`);
  const { workspaces } = await apiCall<{ workspaces: { id: string }[] }>(
    eddie,
    "GET",
    "/api/workspaces",
  );
  expect(workspaces.map((w) => w.id)).not.toContain(doc.workspaceId);
});

test("deleting an account names the workspaces that go with it", async ({ browser }, testInfo) => {
  const ada = await newPerson(browser, "Ada");
  await apiCall(ada, "POST", "/api/workspaces", { name: "Mine" });
  const bob = await newPerson(browser, "Bob");
  const doc = await createDocument(bob, "theirs.md", { open: false });
  await shareWith(bob, ada, doc, "editor");

  await ada.goto("/account");
  await ada.getByRole("button", { name: "Delete account…" }).click();
  const confirm = ada.getByRole("alertdialog", { name: "Delete your account for good?" });
  await expect(confirm).toContainText("You are the only owner of “Mine”");
  await expect(confirm).toContainText("You leave the other workspace.");
  await ada.screenshot({ path: testInfo.outputPath("delete-account.png") });
  await confirm.getByRole("button", { name: "Delete my account and 1 workspace" }).click();
  await expect(ada.getByRole("button", { name: "Account: Ada" })).toBeHidden();
  // The page may hear of it on its live socket before the answer arrives;
  // this session is the last thing the server ends.
  await expect.poll(async () => (await ada.request.get("/api/session")).status()).toBe(401);
  // Bob's workspace stays, without her.
  const { members } = await apiCall<{ members: { name: string }[] }>(
    bob,
    "GET",
    `/api/workspaces/${doc.workspaceId}/members`,
  );
  expect(members.map((m) => m.name)).toEqual(["Bob"]);
});
