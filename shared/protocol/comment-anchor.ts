import * as Y from "yjs";
import type { CommentAnchor } from "../api/comments.ts";

/**
 * A comment thread's anchor as both sides read it (issue 19): two Yjs
 * relative positions, base64. The start sticks to the first anchored
 * character and the end to the last, so text typed just before or just
 * after the range stays outside it, and the range follows its words through
 * everyone's edits. Tests: worker/test/comment-anchors.test.ts.
 */

/** The anchor of `text` from `from` to `to` (character indexes, `from < to`). */
export function anchorFor(text: Y.Text, from: number, to: number): CommentAnchor {
  return {
    start: toBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, from, 0))),
    end: toBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, to, -1))),
  };
}

/**
 * Where an anchor is in `text` now, or undefined when it is not in it: a
 * made-up or foreign position, one this document has not seen, or a range
 * whose every character was deleted.
 */
export function resolveAnchor(
  text: Y.Text,
  anchor: CommentAnchor,
): { from: number; to: number } | undefined {
  const from = absoluteIndex(text, anchor.start);
  const to = absoluteIndex(text, anchor.end);
  if (from === undefined || to === undefined || from >= to) return undefined;
  return { from, to };
}

function absoluteIndex(text: Y.Text, encoded: string): number | undefined {
  let position: Y.RelativePosition;
  try {
    position = Y.decodeRelativePosition(fromBase64(encoded));
  } catch {
    return undefined;
  }
  if (!text.doc) return undefined;
  // A position at the very end names its type rather than an item: only
  // `text`'s own root name is taken, since resolving another name would
  // create that root type in the document as a side effect.
  if (
    position.item === null &&
    (position.tname === null || (text.doc.share.get(position.tname) as unknown) !== text)
  ) {
    return undefined;
  }
  const absolute = Y.createAbsolutePositionFromRelativePosition(position, text.doc);
  if (!absolute || absolute.type !== text) return undefined;
  return absolute.index;
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(encoded: string): Uint8Array {
  return Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0));
}
