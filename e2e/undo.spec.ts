import { expect, type Page, test } from "@playwright/test";
import {
  createDocument,
  documentTextOf,
  editorOf,
  newPerson,
  openDocument,
  shareWith,
} from "./fixtures.ts";

/** Two people with the same file open. */
async function twoPeople(browser: Parameters<typeof newPerson>[0]) {
  const ada = await newPerson(browser, "Ada");
  const grace = await newPerson(browser, "Grace");
  const doc = await createDocument(ada);
  await shareWith(ada, grace, doc);
  await openDocument(grace, doc);
  return { ada, grace };
}

/** Both people read `text`. */
async function bothRead(pages: Page[], text: string) {
  for (const page of pages) await expect.poll(() => documentTextOf(page)).toBe(text);
}

/**
 * Puts `text` at the end of the document as one input (as a paste or an IME
 * does), so it is one undo step however slowly a loaded machine sends keys;
 * the burst test below types key by key.
 */
async function typeAtEnd(page: Page, text: string) {
  await editorOf(page).click();
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.insertText(text);
}

test("two people type, one presses Ctrl+Z, and only their own text goes", async ({ browser }) => {
  const { ada, grace } = await twoPeople(browser);
  await typeAtEnd(ada, "Ada's line.");
  await bothRead([ada, grace], "Ada's line.");
  await typeAtEnd(grace, " Grace's words.");
  await bothRead([ada, grace], "Ada's line. Grace's words.");

  await editorOf(ada).focus();
  await ada.keyboard.press("Control+z");
  await bothRead([ada, grace], " Grace's words.");
  // Nothing of Grace's is on Ada's undo stack: pressing again changes nothing.
  await ada.keyboard.press("Control+z");
  await bothRead([ada, grace], " Grace's words.");

  // KeyZ, so the key is "Z" as a real keyboard sends it with Shift held.
  await ada.keyboard.press("Control+Shift+KeyZ");
  await bothRead([ada, grace], "Ada's line. Grace's words.");
  await ada.keyboard.press("Control+z");
  await bothRead([ada, grace], " Grace's words.");
  await ada.keyboard.press("Control+y");
  await bothRead([ada, grace], "Ada's line. Grace's words.");

  // Grace's own undo takes back her words, not Ada's line.
  await editorOf(grace).focus();
  await grace.keyboard.press("Control+z");
  await bothRead([ada, grace], "Ada's line.");
  await ada.context().close();
  await grace.context().close();
});

test("a typing burst undoes as one step and the caret returns to the undone change", async ({
  browser,
}) => {
  const { ada, grace } = await twoPeople(browser);
  await editorOf(ada).click();
  await ada.keyboard.type("first");
  // A pause longer than the undo manager's capture window (500 ms) ends the burst.
  await ada.waitForTimeout(1000);
  await ada.keyboard.type(" next");
  await bothRead([ada, grace], "first next");

  // Move the caret away, then undo: the last burst goes as one, and the caret
  // is back where it was typed, so the next key lands there.
  await ada.keyboard.press("ControlOrMeta+Home");
  await ada.keyboard.press("Control+z");
  await bothRead([ada, grace], "first");
  await ada.keyboard.type("!");
  await bothRead([ada, grace], "first!");
  await ada.context().close();
  await grace.context().close();
});

test("undo after someone else edits right beside your text keeps their edit", async ({
  browser,
}) => {
  const { ada, grace } = await twoPeople(browser);
  await typeAtEnd(ada, "hello");
  await bothRead([ada, grace], "hello");
  await typeAtEnd(grace, " world");
  await editorOf(grace).click();
  await grace.keyboard.press("ControlOrMeta+Home");
  await grace.keyboard.type(">> ");
  await bothRead([ada, grace], ">> hello world");

  await editorOf(ada).focus();
  await ada.keyboard.press("Control+z");
  await bothRead([ada, grace], ">>  world");
  await ada.context().close();
  await grace.context().close();
});
