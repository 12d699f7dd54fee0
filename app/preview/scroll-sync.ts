import type { EditorView } from "@codemirror/view";
import { SOURCE_LINE_ATTR } from "./render-markdown.ts";

/**
 * Keeps Split's two sides in step (issue 17 item 1): scrolling the source
 * scrolls the preview to the block shown at the top, and the other way. The
 * preview marks where each top-level block starts in the source
 * (render-markdown.ts), and positions between two marks are interpolated.
 * Whichever side the person scrolls leads; the other side's echo of that
 * scroll is ignored, so they never chase each other.
 */
export function linkScroll(
  view: EditorView,
  preview: HTMLElement,
): { align: () => void; stop: () => void } {
  const editor = view.scrollDOM;
  let echo: HTMLElement | null = null;

  const anchors = () =>
    [...preview.querySelectorAll<HTMLElement>(`[${SOURCE_LINE_ATTR}]`)].map((element) => ({
      line: Number(element.getAttribute(SOURCE_LINE_ATTR)),
      top: element.offsetTop,
    }));

  /** The source line (0-based, fractional) at the top of the editor. */
  const editorLine = () => {
    const block = view.lineBlockAtHeight(editor.scrollTop);
    const line = view.state.doc.lineAt(block.from).number - 1;
    const into = block.height > 0 ? (editor.scrollTop - block.top) / block.height : 0;
    return line + Math.min(Math.max(into, 0), 1);
  };

  const move = (target: HTMLElement, top: number) => {
    if (Math.abs(target.scrollTop - top) < 1) return;
    echo = target;
    target.scrollTop = top;
  };

  const fromEditor = () => {
    if (echo === editor) return void (echo = null);
    const marks = anchors();
    if (marks.length === 0) return;
    if (editor.scrollTop + editor.clientHeight >= editor.scrollHeight - 1) {
      return move(preview, preview.scrollHeight);
    }
    const line = editorLine();
    let index = marks.findLastIndex((mark) => mark.line <= line);
    if (index < 0) index = 0;
    const here = marks[index]!;
    const next = marks[index + 1];
    const nextLine = next?.line ?? view.state.doc.lines;
    const nextTop = next?.top ?? preview.scrollHeight;
    const part = nextLine > here.line ? (line - here.line) / (nextLine - here.line) : 0;
    move(preview, here.top + (nextTop - here.top) * Math.max(0, Math.min(part, 1)));
  };

  const fromPreview = () => {
    if (echo === preview) return void (echo = null);
    const marks = anchors();
    if (marks.length === 0) return;
    const top = preview.scrollTop;
    let index = marks.findLastIndex((mark) => mark.top <= top);
    if (index < 0) index = 0;
    const here = marks[index]!;
    const next = marks[index + 1];
    const nextLine = next?.line ?? view.state.doc.lines;
    const nextTop = next?.top ?? preview.scrollHeight;
    const part = nextTop > here.top ? (top - here.top) / (nextTop - here.top) : 0;
    const line = here.line + (nextLine - here.line) * Math.max(0, Math.min(part, 1));
    const whole = Math.min(Math.floor(line), view.state.doc.lines - 1);
    const block = view.lineBlockAt(view.state.doc.line(whole + 1).from);
    move(editor, block.top + block.height * (line - whole));
  };

  editor.addEventListener("scroll", fromEditor, { passive: true });
  preview.addEventListener("scroll", fromPreview, { passive: true });
  return {
    align: fromEditor,
    stop: () => {
      editor.removeEventListener("scroll", fromEditor);
      preview.removeEventListener("scroll", fromPreview);
    },
  };
}
