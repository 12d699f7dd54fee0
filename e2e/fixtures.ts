import { expect, type Browser, type Locator, type Page } from "@playwright/test";

/** Where the Node-side y-websocket client connects (playwright.config.ts serves on 5199). */
export const SYNC_SERVER_URL = "ws://localhost:5199/api/sync";

/** The editable text of the document page. */
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

/** The header's connection label. */
export function statusOf(page: Page): Locator {
  return page.getByTestId("connection-status");
}

/** The id at the end of a document page's URL. */
export function documentIdOf(page: Page): string {
  const match = /\/d\/([A-Za-z0-9_-]{22})$/.exec(new URL(page.url()).pathname);
  if (!match?.[1]) throw new Error(`Not on a document page: ${page.url()}`);
  return match[1];
}

/** Starts a document the way a person does: the home page's "New document" button. */
export async function createDocument(page: Page): Promise<string> {
  await page.goto("/");
  await page.getByRole("button", { name: "New document" }).click();
  await expect(page).toHaveURL(/\/d\/[A-Za-z0-9_-]{22}$/);
  await waitUntilReady(page);
  return documentIdOf(page);
}

/** Opens an existing document and waits until it has synced and can be edited. */
export async function openDocument(page: Page, documentId: string): Promise<void> {
  await page.goto(`/d/${documentId}`);
  await waitUntilReady(page);
}

/** The header says "Connected" and the editor has replaced "Connecting…". */
export async function waitUntilReady(page: Page): Promise<void> {
  await expect(statusOf(page)).toHaveText("Connected");
  await expect(editorOf(page)).toBeVisible();
}

/** Types a new name into the header's name field, as a person would. */
export async function setName(page: Page, name: string): Promise<void> {
  const field = page.getByRole("textbox", { name: "Your name" });
  await field.fill(name);
  await field.press("Enter");
  await expect(field).toHaveValue(name);
}

/** A page in a fresh browser context: another person, with their own storage. */
export async function newPerson(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}
