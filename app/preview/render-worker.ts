/// <reference lib="webworker" />
import { renderBlocks } from "./render-markdown.ts";

/**
 * Parses Markdown off the page's thread (issue 17 item 1): a 200 KB file
 * takes a few hundred milliseconds to parse, which would hold up the
 * keystrokes typed meanwhile. Each message is `{ id, source }`; the answer
 * is `{ id, blocks }` (unsanitised: the page sanitises what it shows).
 */
self.onmessage = (event: MessageEvent<{ id: number; source: string }>) => {
  const { id, source } = event.data;
  self.postMessage({ id, blocks: renderBlocks(source) });
};
