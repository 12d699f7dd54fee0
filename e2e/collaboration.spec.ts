import { expect, test } from "@playwright/test";
import {
  createDocument,
  documentTextOf,
  editorOf,
  newPerson,
  openDocument,
  shareWith,
  statusOf,
} from "./fixtures.ts";

const ADA_TYPES = "Ada writes the opening line.";
const GRACE_TYPES = "Grace adds a second thought.";

test("two people typing at the same time end with the same text and see each other's named cursor", async ({
  browser,
}, testInfo) => {
  const ada = await newPerson(browser, "Ada");
  const grace = await newPerson(browser, "Grace");

  const doc = await createDocument(ada);
  await shareWith(ada, grace, doc);
  await openDocument(grace, doc);

  // Both see both people in the presence list, by name.
  for (const page of [ada, grace]) {
    const presence = page.getByTestId("presence");
    await expect(presence.getByLabel("Ada", { exact: false })).toBeVisible();
    await expect(presence.getByLabel("Grace", { exact: false })).toBeVisible();
  }

  await editorOf(ada).click();
  await editorOf(grace).click();
  // A small delay per key makes the two streams of keystrokes really interleave.
  await Promise.all([
    ada.keyboard.type(ADA_TYPES, { delay: 25 }),
    grace.keyboard.type(GRACE_TYPES, { delay: 25 }),
  ]);

  for (const page of [ada, grace]) {
    await expect(editorOf(page)).toContainText(ADA_TYPES);
    await expect(editorOf(page)).toContainText(GRACE_TYPES);
  }
  // Same text for both, each person's sentence whole (Yjs keeps a run of one
  // person's keystrokes together even when another types at the same spot).
  await expect
    .poll(async () => (await documentTextOf(grace)) === (await documentTextOf(ada)))
    .toBe(true);
  expect([ADA_TYPES + GRACE_TYPES, GRACE_TYPES + ADA_TYPES]).toContain(await documentTextOf(ada));

  // Each sees the other's caret, labelled with the other's name, and not their own.
  await expect(ada.locator(".cm-ySelectionCaret .cm-ySelectionInfo")).toHaveText("Grace");
  await expect(grace.locator(".cm-ySelectionCaret .cm-ySelectionInfo")).toHaveText("Ada");
  await expect(ada.locator(".cm-ySelectionInfo")).toBeVisible();
  await expect(grace.locator(".cm-ySelectionInfo")).toBeVisible();

  await expect(statusOf(ada)).toHaveText("Connected");
  await expect(statusOf(grace)).toHaveText("Connected");

  await ada.screenshot({ path: testInfo.outputPath("ada.png") });
  await grace.screenshot({ path: testInfo.outputPath("grace.png") });
  await ada.context().close();
  await grace.context().close();
});

test("a person who closes the tab disappears: avatar, named cursor and their mark in the tree", async ({
  browser,
}) => {
  const ada = await newPerson(browser, "Ada");
  const grace = await newPerson(browser, "Grace");
  const doc = await createDocument(ada);
  await shareWith(ada, grace, doc);
  await openDocument(grace, doc);
  await editorOf(grace).click();
  await grace.keyboard.type("Hi");

  const presence = ada.getByTestId("presence");
  const graceCaret = ada.locator(".cm-ySelectionCaret .cm-ySelectionInfo", { hasText: "Grace" });
  const inTree = ada.getByLabel("People in notes.md");
  await expect(presence.getByTestId("presence-avatar")).toHaveCount(2);
  await expect(graceCaret).toHaveCount(1);
  await expect(inTree.getByTitle("Grace", { exact: false })).toHaveCount(1);

  await grace.close();
  await expect(presence.getByTestId("presence-avatar")).toHaveCount(1);
  await expect(presence.getByLabel("Ada (you)")).toBeVisible();
  await expect(graceCaret).toHaveCount(0);
  await expect(inTree.getByTitle("Grace", { exact: false })).toHaveCount(0);
  await ada.context().close();
  await grace.context().close();
});
