import type { RenderedBlock } from "./render-markdown.ts";
import { SOURCE_LINE_ATTR } from "./render-markdown.ts";
import { sanitize } from "./sanitize.ts";

/**
 * Turns Markdown into the preview's DOM: parsed in a Web Worker
 * (render-worker.ts), then only the blocks whose HTML changed are
 * sanitised and replaced, so typing in one paragraph of a long file touches
 * one block of the page. A render asked for while one is under way waits,
 * and only the newest text is rendered next.
 */
export class BlockRenderer {
  readonly #root: HTMLElement;
  readonly #onRendered: () => void;
  #worker: Worker | null = null;
  #next = 0;
  #busy = false;
  #waiting: string | null = null;
  #shown: { html: string; element: HTMLElement }[] = [];

  constructor(root: HTMLElement, onRendered: () => void) {
    this.#root = root;
    this.#onRendered = onRendered;
  }

  render(source: string): void {
    if (this.#busy) {
      this.#waiting = source;
      return;
    }
    this.#busy = true;
    const started = performance.now();
    void this.#parse(source)
      .then((blocks) => {
        this.#apply(blocks);
        // Read by e2e/preview.spec.ts, which reports what a render of a 200 KB file costs.
        performance.measure("quire:preview-render", { start: started });
        this.#onRendered();
      })
      .catch((error: unknown) => console.error("The preview could not be rendered", error))
      .finally(() => {
        this.#busy = false;
        const waiting = this.#waiting;
        this.#waiting = null;
        if (waiting !== null) this.render(waiting);
      });
  }

  stop(): void {
    this.#worker?.terminate();
    this.#worker = null;
  }

  #parse(source: string): Promise<RenderedBlock[]> {
    this.#worker ??= new Worker(new URL("./render-worker.ts", import.meta.url), {
      type: "module",
    });
    const worker = this.#worker;
    const id = (this.#next += 1);
    return new Promise((resolve, reject) => {
      const onMessage = (event: MessageEvent<{ id: number; blocks: RenderedBlock[] }>) => {
        if (event.data.id !== id) return;
        worker.removeEventListener("message", onMessage);
        worker.removeEventListener("error", onError);
        resolve(event.data.blocks);
      };
      const onError = (event: ErrorEvent) => {
        worker.removeEventListener("message", onMessage);
        worker.removeEventListener("error", onError);
        reject(new Error(event.message));
      };
      worker.addEventListener("message", onMessage);
      worker.addEventListener("error", onError);
      worker.postMessage({ id, source });
    });
  }

  /** Keeps the unchanged blocks at the start and the end; replaces the ones between. */
  #apply(blocks: RenderedBlock[]): void {
    const shown = this.#shown;
    let start = 0;
    while (
      start < blocks.length &&
      start < shown.length &&
      shown[start]?.html === blocks[start]?.html
    )
      start += 1;
    let end = 0;
    while (
      end < blocks.length - start &&
      end < shown.length - start &&
      shown[shown.length - 1 - end]?.html === blocks[blocks.length - 1 - end]?.html
    )
      end += 1;
    const fresh = blocks.slice(start, blocks.length - end).map((block) => ({
      html: block.html,
      element: this.#blockElement(block.html),
    }));
    const removed = shown.slice(start, shown.length - end);
    const before = shown[shown.length - end]?.element ?? null;
    for (const entry of removed) entry.element.remove();
    for (const entry of fresh) this.#root.insertBefore(entry.element, before);
    this.#shown = [...shown.slice(0, start), ...fresh, ...shown.slice(shown.length - end)];
    // Lines move when text above them changes: every block gets its line again.
    this.#shown.forEach((entry, index) =>
      entry.element.setAttribute(SOURCE_LINE_ATTR, String(blocks[index]?.line ?? 0)),
    );
  }

  #blockElement(html: string): HTMLElement {
    const element = document.createElement("div");
    element.className = "markdown-block";
    element.innerHTML = sanitize(html);
    return element;
  }
}
