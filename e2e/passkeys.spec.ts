import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { apiCall, BASE_URL, newPerson } from "./fixtures.ts";

/**
 * Passkeys in the real app (issue 18), with Chromium's virtual
 * authenticator over CDP: a guest who owns a workspace adds a passkey from
 * the account menu, signs out, and in a fresh browser given the same
 * credential signs in and finds the workspace; a removed passkey signs no
 * one in; a recovery code signs in once and never again.
 */

interface VirtualCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  privateKey: string;
  userHandle?: string;
  signCount: number;
}

/** No serious or critical axe violation (the rules e2e/accessibility.spec.ts uses). */
async function expectAccessible(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({ rule: violation.id, targets: violation.nodes.map((n) => n.target) }));
  expect(serious, `axe on ${where}`).toEqual([]);
}

/** Adds Chromium's virtual platform authenticator to the page; answers its id and the CDP session. */
async function virtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  return {
    async credentials(): Promise<VirtualCredential[]> {
      const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
      return credentials as VirtualCredential[];
    },
    async add(credential: VirtualCredential): Promise<void> {
      await cdp.send("WebAuthn.addCredential", { authenticatorId, credential });
    },
  };
}

/** A fresh browser (own cookies) on the sign-in page, holding `credential` in its authenticator. */
async function freshBrowserWith(browser: Browser, credential: VirtualCredential): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE_URL });
  const page = await context.newPage();
  await page.goto("/");
  await (await virtualAuthenticator(page)).add(credential);
  await expect(page.getByRole("button", { name: "Sign in with a passkey" })).toBeVisible();
  return page;
}

async function signOutByApi(page: Page): Promise<void> {
  await apiCall(page, "DELETE", "/api/session");
  await page.goto("/");
  await expect(page.getByRole("button", { name: "Sign in with a passkey" })).toBeVisible();
}

test("a guest keeps their workspace with a passkey; removed passkeys and used codes sign no one in", async ({
  browser,
}, testInfo) => {
  // Four browser contexts and three passkey ceremonies: more than a minute on a busy machine.
  test.slow();
  const guest = await newPerson(browser, "Grace");
  const authenticator = await virtualAuthenticator(guest);
  const workspace = await apiCall<{ id: string }>(guest, "POST", "/api/workspaces", {
    name: "Kept work",
  });
  await guest.goto("/");
  await expect(guest.getByRole("link", { name: "Kept work" })).toBeVisible();

  // The account menu offers a guest a passkey; the first one shows recovery codes once.
  await guest.getByRole("button", { name: "Account: Grace" }).click();
  await guest.getByRole("menuitem", { name: "Add a passkey to keep your work…" }).click();
  const codesDialog = guest.getByRole("dialog", { name: "Save your recovery codes" });
  await expect(codesDialog).toBeVisible();
  const codes = await codesDialog.getByRole("listitem").allInnerTexts();
  expect(codes).toHaveLength(10);
  await guest.screenshot({ path: testInfo.outputPath("recovery-codes.png") });
  await expectAccessible(guest, "the recovery codes dialog");
  await codesDialog.getByRole("button", { name: "I saved them" }).click();
  const [credential] = await authenticator.credentials();
  expect(credential?.isResidentCredential).toBe(true);

  // The account page lists it.
  await guest.goto("/account");
  await expect(guest.getByRole("heading", { name: "Passkeys" })).toBeVisible();
  await expect(guest.getByRole("list", { name: "Passkeys" }).getByRole("listitem")).toHaveCount(1);
  await expect(guest.getByText("10 unused codes.", { exact: false })).toBeVisible();
  await guest.screenshot({ path: testInfo.outputPath("account.png"), fullPage: true });
  await expectAccessible(guest, "the account page");

  await guest.getByRole("button", { name: "Account: Grace" }).click();
  await guest.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(guest.getByRole("button", { name: "Sign in with a passkey" })).toBeVisible();

  // Another browser, given the same credential, signs in as Grace and finds the workspace.
  const laptop = await freshBrowserWith(browser, credential!);
  await laptop.screenshot({ path: testInfo.outputPath("sign-in.png") });
  await laptop.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(laptop.getByRole("link", { name: "Kept work" })).toBeVisible();
  await expect(laptop.getByRole("button", { name: "Account: Grace" })).toBeVisible();
  await laptop.getByRole("link", { name: "Kept work" }).click();
  await expect(laptop).toHaveURL(new RegExp(`/w/${workspace.id}`));

  // Removing the passkey (confirmed) stops it signing anyone in.
  await laptop.getByRole("button", { name: "Account: Grace" }).click();
  await laptop.getByRole("menuitem", { name: "Account and passkeys" }).click();
  await expect(laptop).toHaveURL(/\/account$/);
  const row = laptop.getByRole("list", { name: "Passkeys" }).getByRole("listitem");
  await expect(row).toContainText(/last used/);
  await row.getByRole("button", { name: /^Remove / }).click();
  await laptop.getByRole("alertdialog").getByRole("button", { name: "Remove passkey" }).click();
  await expect(laptop.getByText("No passkeys yet.")).toBeVisible();
  await signOutByApi(laptop);

  const phone = await freshBrowserWith(browser, credential!);
  await phone.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(phone.getByRole("alert")).toContainText(
    "This passkey is not registered with Quire, or it was removed.",
  );

  // A recovery code signs in once, as Grace, with her workspace.
  await phone.getByText("Sign in with a recovery code").click();
  await expectAccessible(phone, "the sign-in page with the recovery code form");
  await phone.getByRole("textbox", { name: "Recovery code" }).fill(codes[0]!);
  await phone.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(phone.getByRole("link", { name: "Kept work" })).toBeVisible();
  await signOutByApi(phone);
  await phone.getByText("Sign in with a recovery code").click();
  await phone.getByRole("textbox", { name: "Recovery code" }).fill(codes[0]!);
  await phone.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(phone.getByRole("alert")).toHaveText(
    "That recovery code is wrong or was already used.",
  );
});
