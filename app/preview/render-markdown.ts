import hljs from "highlight.js/lib/common";
import { Marked, type Token, type Tokens, type TokensList } from "marked";
import markedFootnote from "marked-footnote";
import { markedHighlight } from "marked-highlight";
import markedKatex from "marked-katex-extension";

/**
 * Markdown to safe HTML for the preview (issue 17 item 1): GitHub-flavoured
 * Markdown (tables, task lists, strikethrough, autolinks) with footnotes,
 * KaTeX math and highlighted code. A ```mermaid block becomes a placeholder
 * that app/preview/mermaid.ts draws later, as an image.
 *
 * This part needs no DOM: it runs in a Web Worker (render-worker.ts), so
 * parsing a long document never holds up typing. Its HTML is not yet safe:
 * the page puts each block through DOMPurify (sanitize.ts) before showing it.
 * Heading ids carry a prefix so a document cannot clobber the page's
 * globals (`<h1 id="location">`).
 */

/** The prefix of every heading id in the preview. */
export const HEADING_ID_PREFIX = "md-";

/** The attribute that marks where a top-level block starts in the source (0-based line). */
export const SOURCE_LINE_ATTR = "data-source-line";

const marked = new Marked(
  { gfm: true },
  markedHighlight({
    emptyLangClass: "hljs",
    langPrefix: "hljs language-",
    highlight(code, lang) {
      // Kept as it is: the code renderer below escapes it once.
      if (lang === "mermaid") return code;
      const language = hljs.getLanguage(lang) ? lang : "plaintext";
      return hljs.highlight(code, { language, ignoreIllegals: true }).value;
    },
  }),
  markedFootnote(),
  markedKatex({ throwOnError: false, output: "mathml", nonStandard: true }),
  {
    hooks: { processAllTokens: markSourceLines },
    renderer: {
      heading({ tokens, depth, text }: Tokens.Heading) {
        const id = HEADING_ID_PREFIX + slug(text);
        return `<h${depth} id="${id}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
      },
      // A task's box is read-only here, and says what it shows (axe: a form control needs a name).
      checkbox({ checked }: Tokens.Checkbox) {
        const state = checked ? 'checked="" aria-label="Done"' : 'aria-label="To do"';
        return `<input type="checkbox" disabled="" ${state}> `;
      },
      code({ text, lang }: Tokens.Code) {
        // Drawn by mermaid.ts; until then (or if it fails) the source shows.
        if (lang?.trim() === "mermaid") {
          return `<pre class="mermaid-source" data-mermaid=""><code>${escapeHtml(text)}</code></pre>\n`;
        }
        return false;
      },
    },
  },
);

/** Lower-case words joined by hyphens, as GitHub makes heading anchors. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .trim()
    .replace(/<[^>]*>/g, "")
    .replace(/[^\p{L}\p{N}\s-]/gu, "")
    .replace(/\s+/g, "-");
}

/** One top-level block of the document: where it starts in the source (0-based line) and its HTML. */
export interface RenderedBlock {
  line: number;
  html: string;
}

const MARKER = /<span data-source-line="(\d+)" aria-hidden="true"><\/span>/g;

/**
 * Renders `source` as its top-level blocks, each with its first source line,
 * so the page can replace only the blocks that changed and Split can keep
 * the two sides' scroll in step (scroll-sync.ts). The HTML is unsanitised.
 */
export function renderBlocks(source: string): RenderedBlock[] {
  const html = marked.parse(source, { async: false });
  const blocks: RenderedBlock[] = [];
  let last = 0;
  let line = 0;
  for (const match of html.matchAll(MARKER)) {
    const before = html.slice(last, match.index);
    if (before.trim() || blocks.length === 0) blocks.push({ line, html: before });
    line = Number(match[1]);
    last = match.index + match[0].length;
  }
  blocks.push({ line, html: html.slice(last) });
  return blocks.filter((block) => block.html.trim() !== "");
}

/**
 * Puts a line marker before each top-level block (a hook of marked's, after
 * lexing). The list is changed in place: marked-footnote finds its own token
 * at the head of this very list and moves it to the end.
 */
function markSourceLines(tokens: Token[] | TokensList): Token[] {
  const marked_: Token[] = [];
  let line = 0;
  for (const token of tokens) {
    if (!UNMARKED.has(token.type)) {
      marked_.push({
        type: "html",
        block: true,
        pre: false,
        raw: "",
        text: `<span ${SOURCE_LINE_ATTR}="${line}" aria-hidden="true"></span>`,
      });
    }
    marked_.push(token);
    line += countLines(token.raw);
  }
  tokens.splice(0, tokens.length, ...marked_);
  return tokens;
}

/** Tokens that show nothing where they stand: no marker before them. */
const UNMARKED = new Set(["space", "def", "footnote", "footnotes"]);

function countLines(text: string): number {
  let count = 0;
  for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) {
    count += 1;
  }
  return count;
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}
