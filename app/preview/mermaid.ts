/**
 * Draws the preview's ```mermaid blocks (issue 17 item 1). Mermaid is big,
 * so it is loaded with `import()` the first time a document has a diagram.
 * It runs with `securityLevel: "strict"` (it escapes labels and drops
 * clicks), and its SVG is shown as an `<img>`: an image's SVG never runs a
 * script nor fetches anything, whatever a diagram's source smuggles in
 * (e2e/preview.spec.ts). Drawings are cached by source and theme, so the
 * preview, which is rebuilt as people type, shows a known diagram at once.
 */

type Mermaid = (typeof import("mermaid"))["default"];

let loading: Promise<Mermaid> | undefined;
let theme: "dark" | "default" | undefined;
let queue: Promise<unknown> = Promise.resolve();
let counter = 0;
const drawings = new Map<string, string>();
/** At most this many drawings are kept (each a data URL). */
const KEEP = 64;

function load(dark: boolean): Promise<Mermaid> {
  loading ??= import("mermaid").then((module) => module.default);
  return loading.then((mermaid) => {
    const wanted = dark ? "dark" : "default";
    if (theme !== wanted) {
      mermaid.initialize({
        startOnLoad: false,
        securityLevel: "strict",
        theme: wanted,
        flowchart: { htmlLabels: false },
      });
      theme = wanted;
    }
    return mermaid;
  });
}

/** Replaces every `pre[data-mermaid]` under `root` with its drawing, or says why it has none. */
export async function drawDiagrams(root: HTMLElement, dark: boolean): Promise<void> {
  const blocks = [...root.querySelectorAll<HTMLElement>("pre[data-mermaid]")];
  for (const block of blocks) {
    const source = block.textContent ?? "";
    const key = `${dark ? "dark" : "light"}\n${source}`;
    let url = drawings.get(key);
    if (url === undefined) {
      try {
        url = await draw(source, dark);
      } catch (error) {
        block.dataset.mermaidError = error instanceof Error ? error.message : "Not a diagram";
        block.title = "Mermaid could not draw this diagram";
        continue;
      }
      drawings.set(key, url);
      if (drawings.size > KEEP) drawings.delete(drawings.keys().next().value ?? "");
    }
    if (!block.isConnected) continue;
    const image = document.createElement("img");
    image.className = "mermaid-diagram";
    image.alt = `Diagram: ${source.trim().split("\n")[0] ?? ""}`;
    image.src = url;
    block.replaceWith(image);
  }
}

/** One at a time: mermaid keeps global state while it lays out. */
function draw(source: string, dark: boolean): Promise<string> {
  const next = queue.then(async () => {
    const mermaid = await load(dark);
    counter += 1;
    const { svg } = await mermaid.render(`quire-mermaid-${counter}`, source);
    return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(withNaturalWidth(svg))}`;
  });
  queue = next.catch(() => undefined);
  return next;
}

/**
 * Mermaid draws `width="100%"` with the diagram's own width as a max-width
 * style. As an image that has no natural width, so a two-box graph filled the
 * whole pane; the diagram's own width makes it its natural size (CSS still
 * caps it at the pane's width).
 */
function withNaturalWidth(svg: string): string {
  const width = /max-width:\s*([\d.]+)px/.exec(svg)?.[1];
  return width === undefined ? svg : svg.replace(/width="100%"/, `width="${width}"`);
}
