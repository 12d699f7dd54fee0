import DOMPurify from "dompurify";

/**
 * DOMPurify with the preview's rules (issue 17 item 1): no script, event
 * handler, `javascript:` URL, frame, form, `style` attribute or `<style>`
 * survives (e2e/preview.spec.ts throws the usual payloads at it). Math is
 * KaTeX's MathML, which the browser lays out itself, so no inline style is
 * needed and none is let through. Runs on the page, block by block, on what
 * render-worker.ts made.
 */
export function sanitize(html: string): string {
  return DOMPurify.sanitize(html, {
    FORBID_TAGS: ["style", "form", "button", "textarea", "select", "iframe", "object", "embed"],
    FORBID_ATTR: ["style", "srcset", "action", "formaction"],
  });
}
