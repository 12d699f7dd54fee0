import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import {
  createDocument,
  documentTextOf,
  editorOf,
  newPerson,
  openDocument,
  shareWith,
} from "./fixtures.ts";

test("save a named version, edit, preview it as a diff, restore it; everyone is told who restored what, and Undo (for those who may) brings the edit back", async ({
  browser,
}, testInfo) => {
  // Three people in three browsers: slow on a busy machine.
  test.setTimeout(120_000);
  const ada = await newPerson(browser, "Ada");
  const bea = await newPerson(browser, "Bea");
  const vic = await newPerson(browser, "Vic");
  const doc = await createDocument(ada);
  await shareWith(ada, bea, doc);
  await shareWith(ada, vic, doc, "viewer");
  await openDocument(bea, doc);
  await openDocument(vic, doc);

  await editorOf(ada).click();
  await ada.keyboard.type("Draft one.");
  await expect.poll(() => documentTextOf(bea)).toBe("Draft one.");

  await ada.getByRole("button", { name: "History" }).click();
  const history = ada.getByRole("complementary", { name: "Version history" });
  await history.getByRole("textbox", { name: "Version name" }).fill("First draft");
  await history.getByRole("button", { name: "Save version" }).click();
  await expect(history.getByRole("status")).toHaveText("Saved “First draft”.");
  await expect(history.getByRole("button", { name: /First draft/ })).toContainText("Ada");

  await editorOf(ada).click();
  await ada.keyboard.press("Control+End");
  await ada.keyboard.type(" Then changed.");
  await expect.poll(() => documentTextOf(bea)).toBe("Draft one. Then changed.");

  // The preview is the version against the text now: the line as it is now
  // is marked removed, the version's line added.
  await history.getByRole("button", { name: /First draft/ }).click();
  const preview = history.getByTestId("version-preview");
  await expect(history.getByTestId("version-diff-summary")).toHaveText(
    /^1 change from the text now/,
  );
  await expect(preview.locator(".cm-deletedChunk")).toContainText("Draft one. Then changed.");
  await expect(preview.locator(".cm-changedLine")).toHaveText("Draft one.");
  await ada.screenshot({ path: testInfo.outputPath("preview-diff.png") });
  await history.getByRole("button", { name: "Restore this version" }).click();
  await expect.poll(() => documentTextOf(ada)).toBe("Draft one.");
  await expect.poll(() => documentTextOf(bea)).toBe("Draft one.");

  // Everyone connected is told; the editors may undo, the viewer may not.
  const toastOf = (page: typeof ada, text: string) =>
    page.locator("[data-sonner-toast]").filter({ hasText: text });
  await expect(toastOf(ada, "You restored “First draft”")).toBeVisible();
  await expect(toastOf(bea, "Ada restored “First draft”")).toBeVisible();
  await expect(toastOf(vic, "Ada restored “First draft”")).toBeVisible();
  await expect(toastOf(vic, "Ada restored").getByRole("button", { name: "Undo" })).toHaveCount(0);
  await bea.screenshot({ path: testInfo.outputPath("restored-toast.png") });

  await toastOf(bea, "Ada restored “First draft”").getByRole("button", { name: "Undo" }).click();
  await expect.poll(() => documentTextOf(bea)).toBe("Draft one. Then changed.");
  await expect.poll(() => documentTextOf(ada)).toBe("Draft one. Then changed.");
  await expect(toastOf(ada, "Bea undid the restore of “First draft”")).toBeVisible();

  // The history names each step once, never "Before restoring “Before restoring …”".
  await expect(history.getByRole("listitem")).toHaveCount(3);
  await expect(history.getByRole("listitem").nth(0)).toContainText(
    "Before undoing the restore of “First draft”",
  );
  await expect(history.getByRole("listitem").nth(1)).toContainText(
    "Before restoring “First draft”",
  );
  await expect(history.getByText(/“Before/)).toHaveCount(0);
  await ada.screenshot({ path: testInfo.outputPath("history-after-undo.png") });
  for (const page of [ada, bea, vic]) await page.context().close();
});

test("download a file as text and its project as a zip", async ({ browser }) => {
  const ada = await newPerson(browser, "Ada");
  await createDocument(ada, "guide.md");
  await editorOf(ada).click();
  await ada.keyboard.type("# Guide");
  await expect(ada.getByTestId("save-status")).toHaveText("Saved");

  const fileDownload = ada.waitForEvent("download");
  await ada.getByRole("link", { name: "Download", exact: true }).click();
  const file = await fileDownload;
  expect(file.suggestedFilename()).toBe("guide.md");
  expect(await readFile((await file.path())!, "utf8")).toBe("# Guide");

  const zipDownload = ada.waitForEvent("download");
  await ada.getByRole("button", { name: "Actions for project Site" }).click();
  await ada.getByRole("menuitem", { name: "Download as zip" }).click();
  const zip = await zipDownload;
  expect(zip.suggestedFilename()).toBe("Site.zip");
  const bytes = await readFile((await zip.path())!);
  expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");
  expect(bytes.includes(Buffer.from("guide.md"))).toBe(true);
  await ada.context().close();
});
