import { expect, test, type Page } from "@playwright/test";
import {
  apiCall,
  createDocument,
  editorOf,
  newPerson,
  openDocument,
  shareWith,
  waitUntilReady,
} from "./fixtures.ts";

/** Pastes `text` into the editor, as Ctrl+V does (CodeMirror reads the paste event's data). */
async function pasteText(page: Page, text: string) {
  await editorOf(page).evaluate((content, pasted) => {
    const data = new DataTransfer();
    data.setData("text/plain", pasted);
    content.dispatchEvent(
      new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, text);
}

/** The open file's rendered Markdown. */
function previewOf(page: Page) {
  return page.getByTestId("markdown-preview");
}

async function viewMode(page: Page, mode: "Edit" | "Split" | "Preview") {
  await page.getByRole("button", { name: mode, exact: true }).click();
}

const RICH = [
  "# Plan",
  "",
  "| Fruit | Count |",
  "| ----- | ----- |",
  "| Apple | 3 |",
  "",
  "- [x] bought",
  "- [ ] eaten",
  "",
  "```mermaid",
  "graph TD",
  "  A[Start] --> B[Finish]",
  "```",
  "",
  "Energy is $E = mc^2$.",
  "",
  "A note.[^1]",
  "",
  "[^1]: The footnote.",
  "",
  "```js",
  "const answer = 42;",
  "```",
  "",
].join("\n");

test("a table, a task list, a Mermaid diagram and a formula render in Preview and Split, live as a second person types", async ({
  browser,
}) => {
  const ada = await newPerson(browser, "Ada");
  const grace = await newPerson(browser, "Grace");
  const doc = await createDocument(ada, "plan.md");
  await shareWith(ada, grace, doc);
  await openDocument(grace, doc);

  await viewMode(grace, "Preview");
  await expect(editorOf(grace)).toBeHidden();
  await editorOf(ada).click();
  await ada.keyboard.insertText(RICH);

  const preview = previewOf(grace);
  await expect(preview.getByRole("heading", { name: "Plan", level: 1 })).toBeVisible();
  await expect(preview.getByRole("table")).toContainText("Apple");
  await expect(preview.getByRole("cell", { name: "3" })).toBeVisible();
  await expect(preview.getByRole("checkbox")).toHaveCount(2);
  await expect(preview.getByRole("checkbox").first()).toBeChecked();
  await expect(preview.locator("math")).toContainText("E");
  await expect(preview.locator("img.mermaid-diagram")).toBeVisible();
  await expect(preview.locator("img.mermaid-diagram")).toHaveAttribute("src", /^data:image\/svg/);
  await expect(preview.locator(".footnotes")).toContainText("The footnote.");
  await expect(preview.locator("code.hljs .hljs-keyword")).toHaveText("const");
  // The blocks are laid out one under the other, not on top of each other.
  const heading = await preview.getByRole("heading", { name: "Plan", level: 1 }).boundingBox();
  const table = await preview.getByRole("table").boundingBox();
  const diagram = await preview.locator("img.mermaid-diagram").boundingBox();
  expect(heading!.y + heading!.height).toBeLessThanOrEqual(table!.y);
  expect(table!.y + table!.height).toBeLessThanOrEqual(diagram!.y);

  // Split: the source and the preview side by side, still live.
  await viewMode(grace, "Split");
  await expect(editorOf(grace)).toBeVisible();
  await expect(preview.locator("img.mermaid-diagram")).toBeVisible();
  await ada.keyboard.insertText("\n## Typed just now\n");
  await expect(preview.getByRole("heading", { name: "Typed just now", level: 2 })).toBeVisible();

  // Ctrl+Shift+V goes round the modes: Split → Preview → Edit.
  await editorOf(grace).click();
  await grace.keyboard.press("Control+Shift+V");
  await expect(editorOf(grace)).toBeHidden();
  await grace.keyboard.press("Control+Shift+V");
  await expect(previewOf(grace)).toHaveCount(0);
  await expect(editorOf(grace)).toBeVisible();
});

const PAYLOADS = [
  "<script>window.__xss = 1</script>",
  '<img src="x" onerror="window.__xss = 2">',
  "[plain link](javascript:window.__xss=3)",
  '<a href="jAvAsCrIpT:window.__xss=4">mixed case</a>',
  '<a href="&#106;avascript:window.__xss=5">entity</a>',
  '<div style="background:url(https://evil.example/leak)">styled</div>',
  "<style>body { background: url(https://evil.example/leak2) }</style>",
  '<svg><script>window.__xss = 6</script><circle r="5" onload="window.__xss = 7"/></svg>',
  '<iframe src="javascript:window.__xss=8"></iframe>',
  '<form action="javascript:window.__xss=10"><button>go</button></form>',
  '<details open ontoggle="window.__xss=11">x</details>',
  "$\\href{javascript:window.__xss=12}{math link}$",
  "",
  "```mermaid",
  "graph TD",
  "  A[\"<img src=x onerror='window.__xss=13'>\"] --> B",
  '  click A href "javascript:window.__xss=14"',
  "```",
  "",
  // Last: its unclosed tags take in everything after them.
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=9">',
].join("\n\n");

test("the usual XSS payloads render inert in the preview", async ({ browser }) => {
  const ada = await newPerson(browser, "Ada");
  const outside: string[] = [];
  ada.on("request", (request) => {
    if (!request.url().startsWith(new URL(ada.url() || "http://localhost").origin))
      outside.push(request.url());
  });
  const dialogs: string[] = [];
  ada.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await createDocument(ada, "payloads.md");
  await editorOf(ada).click();
  await ada.keyboard.insertText(PAYLOADS);
  await viewMode(ada, "Preview");
  const preview = previewOf(ada);
  await expect(preview).toContainText("mixed case");
  await expect(preview.locator("pre[data-mermaid], img.mermaid-diagram")).toHaveCount(1);
  await expect(preview.locator("pre[data-mermaid]")).toHaveCount(0);

  const found = await preview.evaluate((root) => ({
    scripts: root.querySelectorAll("script").length,
    styles: root.querySelectorAll("style, [style]").length,
    frames: root.querySelectorAll("iframe, object, embed, form").length,
    handlers: [...root.querySelectorAll("*")].filter((element) =>
      [...element.attributes].some((attribute) => attribute.name.startsWith("on")),
    ).length,
    scriptLinks: [...root.querySelectorAll("[href], [src], [action]")].filter((element) =>
      /^\s*javascript:/i.test(
        element.getAttribute("href") ??
          element.getAttribute("src") ??
          element.getAttribute("action") ??
          "",
      ),
    ).length,
    foreignObjects: root.querySelectorAll("foreignObject").length,
  }));
  expect(found).toEqual({
    scripts: 0,
    styles: 0,
    frames: 0,
    handlers: 0,
    scriptLinks: 0,
    foreignObjects: 0,
  });

  // Following every link does nothing either.
  for (const link of await preview.locator("a").all())
    await link.evaluate((a: HTMLElement) => a.click());
  await ada.waitForTimeout(500);
  expect(await ada.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(outside.filter((url) => url.includes("evil.example"))).toEqual([]);
  await expect(ada.getByTestId("file-path")).toHaveText("payloads.md");
});

test("a relative link opens the other file of the project in the app", async ({ browser }) => {
  const ada = await newPerson(browser, "Ada");
  const doc = await createDocument(ada, "docs/index.md");
  await apiCall(ada, "POST", `/api/workspaces/${doc.workspaceId}/projects/${doc.projectId}/files`, {
    path: "notes/other.md",
  });
  await editorOf(ada).click();
  await ada.keyboard.insertText("See [the other file](../notes/other.md).");
  await viewMode(ada, "Preview");
  await previewOf(ada).getByRole("link", { name: "the other file" }).click();
  await expect(ada.getByTestId("file-path")).toHaveText("notes/other.md");
  // Preview is remembered: the other file opens in it too.
  await expect(previewOf(ada)).toBeVisible();
  await viewMode(ada, "Edit");
  await waitUntilReady(ada);
});

test("typing in a 200 KB Markdown file with the preview open stays smooth (numbers printed)", async ({
  browser,
}, testInfo) => {
  // A 200 KB paste and two phrases typed at a person's pace: over a minute when the machine is busy.
  test.slow();
  const ada = await newPerson(browser, "Ada");
  await createDocument(ada, "big.md");
  const section = (n: number) =>
    `## Section ${n}\n\nSome **bold** words, a [link](#section-${n}) and \`code\`.\n\n| a | b |\n| - | - |\n| ${n} | ${n * 2} |\n\n- [ ] task ${n}\n\n`;
  let big = "";
  for (let n = 0; big.length < 200_000; n += 1) big += section(n);
  // Pasted in one go (typing 200 KB would take minutes).
  await editorOf(ada).click();
  await pasteText(ada, big);
  await editorOf(ada).click();
  await ada.keyboard.press("Control+End");
  // The same typing twice: source alone, then source and preview (Split).
  const alone = await measureTyping(ada, "\n\nfirst with the source alone");
  await viewMode(ada, "Split");
  await expect(
    previewOf(ada).getByRole("heading", { name: "Section 1", exact: true }),
  ).toBeVisible();
  await editorOf(ada).click();
  await ada.keyboard.press("Control+End");
  const split = await measureTyping(ada, "\n\ntyping along at a steady pace");
  await expect(previewOf(ada)).toContainText("typing along at a steady pace", { timeout: 30_000 });
  const renders = (
    await ada.evaluate(() =>
      performance.getEntriesByName("quire:preview-render").map((entry) => entry.duration),
    )
  ).toSorted((a, b) => a - b);
  const report = {
    bytes: big.length,
    editMedianKeyMs: alone.median,
    editSlowestKeyMs: alone.slowest,
    splitMedianKeyMs: split.median,
    splitSlowestKeyMs: split.slowest,
    keystrokes: split.keystrokes,
    previewRenders: renders.length,
    medianRenderMs: Math.round(renders[Math.floor(renders.length / 2)] ?? 0),
  };
  console.log(`preview, 200 KB: ${JSON.stringify(report)}`);
  testInfo.annotations.push({ type: "preview-200kb", description: JSON.stringify(report) });
  // A burst of typing renders far fewer times than it has keystrokes: the render is off the keystroke path.
  expect(report.previewRenders).toBeLessThan(report.keystrokes);
});

/**
 * Types `phrase` at a person's pace and reads the Event Timing API: how long
 * each keydown took from the key to the next paint (entries of 16 ms or more;
 * quicker ones count as 16).
 */
async function measureTyping(page: Page, phrase: string) {
  await page.evaluate(() => {
    const durations: number[] = [];
    (window as { __keys?: number[] }).__keys = durations;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        if (entry.name === "keydown") durations.push(entry.duration);
    }).observe({ type: "event", durationThreshold: 16 } as PerformanceObserverInit);
    performance.clearMeasures("quire:preview-render");
  });
  await page.keyboard.type(phrase, { delay: 40 });
  await page.waitForTimeout(300);
  const slow = await page.evaluate(() => (window as { __keys?: number[] }).__keys ?? []);
  const keystrokes = phrase.length;
  const all = [...slow, ...Array<number>(Math.max(0, keystrokes - slow.length)).fill(16)].toSorted(
    (a, b) => a - b,
  );
  return {
    keystrokes,
    median: all[Math.floor(all.length / 2)] ?? 0,
    slowest: all.at(-1) ?? 0,
  };
}
