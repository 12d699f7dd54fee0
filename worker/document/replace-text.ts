import type * as Y from "yjs";

/**
 * Turns `text` into `target` with one deletion and one insertion around the
 * common beginning and end, so a restore touches only what differs: cursors
 * and concurrent edits elsewhere in the document stay where they are.
 * Surrogate pairs are never split.
 */
export function replaceText(text: Y.Text, target: string): void {
  const current = text.toString();
  if (current === target) return;
  const shorter = Math.min(current.length, target.length);
  let start = 0;
  while (start < shorter && current.charCodeAt(start) === target.charCodeAt(start)) start++;
  if (start > 0 && isHighSurrogate(current.charCodeAt(start - 1))) start--;
  let end = 0;
  while (
    end < shorter - start &&
    current.charCodeAt(current.length - 1 - end) === target.charCodeAt(target.length - 1 - end)
  ) {
    end++;
  }
  if (end > 0 && isLowSurrogate(current.charCodeAt(current.length - end))) end--;
  const removed = current.length - start - end;
  if (removed > 0) text.delete(start, removed);
  const inserted = target.slice(start, target.length - end);
  if (inserted.length > 0) text.insert(start, inserted);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
