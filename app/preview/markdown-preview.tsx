import { useEffect, useRef, type RefObject } from "react";
import type * as Y from "yjs";
import { useTheme } from "../lib/theme.ts";
import { onIdleChange } from "./idle-text.ts";
import { drawDiagrams } from "./mermaid.ts";
import { BlockRenderer } from "./block-renderer.ts";
import { HEADING_ID_PREFIX, slug } from "./render-markdown.ts";
import "./markdown-preview.css";

/** Props of `MarkdownPreview`. */
export interface MarkdownPreviewProps {
  text: Y.Text;
  /** The scrolling element, for Split's scroll sync. */
  scrollRef?: RefObject<HTMLElement | null>;
  /** A relative link was followed: `href` as written in the document. */
  onOpenLink: (href: string) => void;
  /** After each render (Split re-aligns its scroll). */
  onRendered?: () => void;
}

/**
 * The rendered Markdown of the open file, live as anyone types: the text is
 * rendered when the browser is idle after a change (`onIdleChange`), and
 * written into the DOM directly, not through React, so a 200 KB document
 * costs one `innerHTML` per burst of typing.
 */
export function MarkdownPreview({ text, scrollRef, onOpenLink, onRendered }: MarkdownPreviewProps) {
  const bodyRef = useRef<HTMLDivElement>(null);
  const dark = useTheme().resolved === "dark";
  const renderedRef = useRef(onRendered);
  useEffect(() => {
    renderedRef.current = onRendered;
  });

  useEffect(() => {
    const body = bodyRef.current;
    if (!body) return;
    body.replaceChildren();
    const renderer = new BlockRenderer(body, () => {
      void drawDiagrams(body, dark).then(() => renderedRef.current?.());
      renderedRef.current?.();
    });
    let last: string | undefined;
    const stop = onIdleChange(text, (source) => {
      if (source === last) return;
      last = source;
      renderer.render(source);
    });
    return () => {
      stop();
      renderer.stop();
    };
  }, [text, dark]);

  // Links: within the page, to another file of the project, or to another site in a new tab.
  const openLinkRef = useRef(onOpenLink);
  useEffect(() => {
    openLinkRef.current = onOpenLink;
  });
  useEffect(() => {
    const body = bodyRef.current;
    if (!body) return;
    body.addEventListener("click", onClick);
    return () => body.removeEventListener("click", onClick);
  }, []);
  function onClick(event: MouseEvent) {
    const link = (event.target as HTMLElement).closest("a");
    const href = link?.getAttribute("href");
    if (!link || href === null || href === undefined) return;
    event.preventDefault();
    if (href.startsWith("#")) {
      const id = decodeURIComponent(href.slice(1));
      const body = bodyRef.current;
      const target =
        body?.querySelector(`[id="${CSS.escape(HEADING_ID_PREFIX + slug(id))}"]`) ??
        body?.querySelector(`[id="${CSS.escape(id)}"]`);
      target?.scrollIntoView({ block: "start" });
      return;
    }
    // Another site opens in a new tab, never in place of the app.
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("//")) {
      if (/^(https?|mailto):/i.test(href)) window.open(href, "_blank", "noopener,noreferrer");
      return;
    }
    openLinkRef.current(href);
  }

  return (
    <section
      className="markdown-preview"
      ref={scrollRef}
      data-testid="markdown-preview"
      aria-label="Preview"
    >
      <div className="markdown-body" ref={bodyRef} />
    </section>
  );
}
