import { expect, test } from "@playwright/test";
import { createDocument, editorOf, newPerson } from "./fixtures.ts";

test("the outline lists the headings, jumps to one and follows the caret; the status bar counts words and characters", async ({
  browser,
}) => {
  const ada = await newPerson(browser, "Ada");
  await createDocument(ada, "guide.md");
  await editorOf(ada).click();
  const filler = Array.from({ length: 40 }, (_, n) => `Line ${n} of filler.`).join("\n");
  const text = `# Guide\n\nIntro words.\n\n## Install\n\n${filler}\n\n## Use\n\nThe end.`;
  await ada.keyboard.insertText(text);
  await ada.getByRole("button", { name: "Outline", exact: true }).click();
  const outline = ada.getByRole("navigation", { name: "Outline" });
  await expect(outline.getByRole("listitem")).toHaveText(["Guide", "Install", "Use"]);
  // The caret is at the end, under "Use".
  await expect(outline.getByRole("button", { name: "Use" })).toHaveAttribute(
    "aria-current",
    "location",
  );

  // A click puts the caret on the heading's line, and the outline follows it.
  await outline.getByRole("button", { name: "Install" }).click();
  await expect(outline.getByRole("button", { name: "Install" })).toHaveAttribute(
    "aria-current",
    "location",
  );
  await expect(ada.getByTestId("file-status")).toContainText("Line 5");
  await ada.keyboard.type("Quickly ");
  await expect(editorOf(ada)).toContainText("Quickly ## Install");

  // Guide, Intro words, Install, 40 × "Line n of filler", Use, The end, Quickly.
  await expect(ada.getByTestId("word-count")).toHaveText("168 words");
  await expect(ada.getByTestId("character-count")).toHaveText(
    `${(text.length + "Quickly ".length).toLocaleString("en")} characters`,
  );
});

test("a plain text file has the counts and an empty outline, and no preview", async ({
  browser,
}) => {
  const ada = await newPerson(browser, "Ada");
  await createDocument(ada, "notes.txt");
  await editorOf(ada).click();
  await ada.keyboard.insertText("One two three.");
  await expect(ada.getByTestId("word-count")).toHaveText("3 words");
  await expect(ada.getByRole("button", { name: "Preview", exact: true })).toHaveCount(0);
  await ada.getByRole("button", { name: "Outline", exact: true }).click();
  await expect(ada.getByRole("navigation", { name: "Outline" })).toContainText("No headings");
});
