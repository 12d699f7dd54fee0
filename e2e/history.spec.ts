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

test("save a named version, edit, restore it; the other browser sees the restored text live, and Undo brings the edit back", async ({
  browser,
}, testInfo) => {
  const ada = await newPerson(browser, "Ada");
  const bea = await newPerson(browser, "Bea");
  const doc = await createDocument(ada);
  await shareWith(ada, bea, doc);
  await openDocument(bea, doc);

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

  await history.getByRole("button", { name: /First draft/ }).click();
  await expect(history.getByTestId("version-preview")).toHaveText("Draft one.");
  await ada.screenshot({ path: testInfo.outputPath("preview.png") });
  await history.getByRole("button", { name: "Restore this version" }).click();
  await expect(history.getByRole("status")).toContainText("Restored “First draft”.");
  await expect.poll(() => documentTextOf(ada)).toBe("Draft one.");
  await expect.poll(() => documentTextOf(bea)).toBe("Draft one.");
  await ada.screenshot({ path: testInfo.outputPath("restored.png") });

  await history.getByRole("button", { name: "Undo" }).click();
  await expect.poll(() => documentTextOf(bea)).toBe("Draft one. Then changed.");
  await expect.poll(() => documentTextOf(ada)).toBe("Draft one. Then changed.");
  await ada.context().close();
  await bea.context().close();
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
