import { expect, type Browser, type Locator, type Page } from "@playwright/test";

/** Where the dev server listens (a free port picked by playwright.config.ts). */
export const BASE_URL = `http://localhost:${process.env.QUIRE_E2E_PORT}`;

/** A file made for a test, and the page that opens it. */
export interface DocRef {
  workspaceId: string;
  projectId: string;
  fileId: string;
  /** The file's page, `/w/<ws>/p/<project>/f/<file>`. */
  url: string;
  /** The file's socket URL, as the API returns it. */
  syncUrl: string;
}

/** The editable text of the open file. */
export function editorOf(page: Page): Locator {
  return page.getByRole("textbox", { name: "Document text" });
}

/**
 * The document's text as the person reads it: the editor's lines without the
 * remote carets' name labels and CodeMirror's zero-width widget buffers.
 */
export function documentTextOf(page: Page): Promise<string> {
  return editorOf(page).evaluate((content) => {
    const lines = Array.from(content.querySelectorAll(".cm-line"), (line) => {
      const copy = line.cloneNode(true) as HTMLElement;
      for (const widget of copy.querySelectorAll(".cm-ySelectionCaret, .cm-widgetBuffer"))
        widget.remove();
      return (copy.textContent ?? "").replace(/\u2060/g, "");
    });
    return lines.join("\n");
  });
}

/** The open file's connection label. */
export function statusOf(page: Page): Locator {
  return page.getByTestId("connection-status");
}

/** A person in a fresh browser context (own cookies), signed in as `name` through the API. */
export async function newPerson(browser: Browser, name: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE_URL });
  const page = await context.newPage();
  await signIn(page, name);
  return page;
}

let people = 0;

/**
 * Signs the page's context in as a guest named `name` (the cookie lands in
 * the context). Each person signs in from an address of their own, as
 * Cloudflare reports it (CF-Connecting-IP, from the TEST-NET-3 block), like
 * the people they stand for: guest sign-ins are limited per address
 * (worker/lib/limits.ts), and the whole suite signs in more people than one
 * address may in an hour.
 */
export async function signIn(page: Page, name: string): Promise<void> {
  people += 1;
  const address = `203.0.113.${(process.pid + people) % 250}`;
  const response = await page.request.post("/api/session", {
    data: { name },
    headers: { "CF-Connecting-IP": address },
  });
  expect(response.status()).toBe(201);
}

/** A JSON API call with the page's cookies; fails the test on an error status. */
export async function apiCall<T>(
  page: Page,
  method: string,
  path: string,
  data?: unknown,
): Promise<T> {
  const response = await page.request.fetch(path, { method, data });
  expect(response.ok(), `${method} ${path}: ${await response.text()}`).toBe(true);
  return (response.status() === 204 ? undefined : await response.json()) as T;
}

/** Creates a workspace, a project and a file through the API, and (unless told not to) opens the file. */
export async function createDocument(
  page: Page,
  path = "notes.md",
  options: { open?: boolean } = {},
): Promise<DocRef> {
  const workspace = await apiCall<{ id: string }>(page, "POST", "/api/workspaces", {
    name: "Team",
  });
  const project = await apiCall<{ id: string }>(
    page,
    "POST",
    `/api/workspaces/${workspace.id}/projects`,
    { name: "Site" },
  );
  const file = await apiCall<{ id: string; syncUrl: string }>(
    page,
    "POST",
    `/api/workspaces/${workspace.id}/projects/${project.id}/files`,
    { path },
  );
  const doc: DocRef = {
    workspaceId: workspace.id,
    projectId: project.id,
    fileId: file.id,
    url: `/w/${workspace.id}/p/${project.id}/f/${file.id}`,
    syncUrl: file.syncUrl,
  };
  if (options.open !== false) await openDocument(page, doc);
  return doc;
}

/** The owner shares the document's workspace with `other` through a link, accepted by the API. */
export async function shareWith(owner: Page, other: Page, doc: DocRef, role = "editor") {
  const invite = await apiCall<{ token: string }>(
    owner,
    "POST",
    `/api/workspaces/${doc.workspaceId}/invites`,
    { role },
  );
  await apiCall(other, "POST", `/api/invites/${invite.token}/accept`);
}

/** Opens a file and waits until it has synced and can be edited. */
export async function openDocument(page: Page, doc: DocRef): Promise<void> {
  await page.goto(doc.url);
  await waitUntilReady(page);
}

/** The file says "Connected" and the editor has replaced "Connecting…". */
export async function waitUntilReady(page: Page): Promise<void> {
  await expect(statusOf(page)).toHaveText("Connected");
  await expect(editorOf(page)).toBeVisible();
}

/** Opens the workspace's Share dialog (owners) and returns it. */
export async function openShareDialog(page: Page): Promise<Locator> {
  await page.getByRole("button", { name: "Share", exact: true }).first().click();
  const dialog = page.getByRole("dialog", { name: /^Share / });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** How many updates the page's IndexedDB copy of a file holds (y-indexeddb stores each as a row). */
export function storedUpdateCount(page: Page, fileId: string): Promise<number> {
  return page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const count = db.transaction("updates").objectStore("updates").count();
          count.onsuccess = () => {
            resolve(count.result);
            db.close();
          };
        };
      }),
    `quire-doc:${fileId}`,
  );
}

/**
 * Presses `key` as a person does, holding it for a moment. Radix UI's radio
 * groups move focus a tick after the keydown and check the newly focused
 * radio only while the arrow key is still down; Playwright's `press` lets go
 * at once, which under load can be before that tick.
 */
export async function pressAndHold(page: Page, key: string): Promise<void> {
  await page.keyboard.down(key);
  await page.waitForTimeout(60);
  await page.keyboard.up(key);
}
