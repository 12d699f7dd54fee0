import { inject } from "vitest";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { type EditingTrace } from "./provided.ts";
import { anchorFor, resolveAnchor } from "../../shared/protocol/comment-anchor.ts";
import { DOCUMENT_TEXT_NAME } from "../../shared/protocol/document-text.ts";

function docWith(content: string): { doc: Y.Doc; text: Y.Text } {
  const doc = new Y.Doc();
  const text = doc.getText(DOCUMENT_TEXT_NAME);
  text.insert(0, content);
  return { doc, text };
}

function anchored(text: Y.Text, anchor: ReturnType<typeof anchorFor>): string | undefined {
  const range = resolveAnchor(text, anchor);
  return range && text.toString().slice(range.from, range.to);
}

/** Sends each doc's updates to the other, as the server's relay would. */
function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe("comment anchors (issue 19)", () => {
  it("stay on their words when text is typed before, after and at both edges", () => {
    const { text } = docWith("Hello brave world");
    const anchor = anchorFor(text, 6, 11);
    expect(anchored(text, anchor)).toBe("brave");

    text.insert(0, "Oh. ");
    expect(anchored(text, anchor)).toBe("brave");
    // Typed right before and right after the range: outside it.
    text.insert(text.toString().indexOf("brave"), "very ");
    text.insert(text.toString().indexOf("brave") + 5, "st");
    expect(text.toString()).toBe("Oh. Hello very bravest world");
    expect(anchored(text, anchor)).toBe("brave");
    // Typed inside: part of it.
    text.insert(text.toString().indexOf("brave") + 2, "-");
    expect(anchored(text, anchor)).toBe("br-ave");
  });

  it("follow concurrent edits by two people, and both sides agree", () => {
    const ana = docWith("The quick brown fox jumps");
    const ben = { doc: new Y.Doc() };
    sync(ana.doc, ben.doc);
    const benText = ben.doc.getText(DOCUMENT_TEXT_NAME);
    const anchor = anchorFor(ana.text, 10, 15);
    expect(anchored(ana.text, anchor)).toBe("brown");

    // Offline from each other: Ana rewrites the start, Ben the end and the word's edge.
    ana.text.delete(0, 4);
    ana.text.insert(0, "A ");
    benText.delete(16, 9);
    benText.insert(16, "sleeps");
    benText.delete(10, 1);
    sync(ana.doc, ben.doc);

    expect(ana.text.toString()).toBe(benText.toString());
    expect(ana.text.toString()).toBe("A quick rown sleeps");
    expect(anchored(ana.text, anchor)).toBe("rown");
    expect(anchored(benText, anchor)).toBe("rown");
  });

  it("resolve to nothing when all their text is deleted, for made-up bytes and foreign types", () => {
    const { doc, text } = docWith("Hello brave world");
    const anchor = anchorFor(text, 6, 11);
    text.delete(6, 6);
    expect(text.toString()).toBe("Hello world");
    expect(resolveAnchor(text, anchor)).toBeUndefined();

    expect(resolveAnchor(text, { start: "AAAA", end: "AAAA" })).toBeUndefined();
    expect(resolveAnchor(text, { start: "not base64!", end: "x" })).toBeUndefined();
    // A position in a document this one has never seen.
    const other = docWith("Something else entirely");
    expect(resolveAnchor(text, anchorFor(other.text, 0, 9))).toBeUndefined();
    // A position at the end of another root type names that type: refused,
    // and resolving it creates nothing in the document.
    const elsewhere = new Y.Doc().getText("other");
    const foreignEnd = Y.encodeRelativePosition(
      Y.createRelativePositionFromTypeIndex(elsewhere, 0),
    );
    const base64 = btoa(String.fromCharCode(...foreignEnd));
    expect(resolveAnchor(text, { start: base64, end: base64 })).toBeUndefined();
    expect([...doc.share.keys()]).toEqual([DOCUMENT_TEXT_NAME]);
  });

  it("follow a range through the last tenth of a real editing trace (sveltecomponent)", () => {
    const trace = JSON.parse(inject("traces").sveltecomponent) as EditingTrace;
    // A shadow of the text with one id per UTF-16 unit tells where each
    // character is after every transaction, which is where the anchor must be.
    let nextId = 0;
    const ids: number[] = [];
    const applyToShadow = (shadow: number[], txn: EditingTrace["txns"][number]) => {
      for (const [position, deleteCount, insertText] of txn.patches) {
        const inserted = Array.from({ length: insertText.length }, () => nextId++);
        shadow.splice(position, deleteCount, ...inserted);
      }
    };
    // Most of this trace's text before its last tenth is cut and pasted again
    // later (new characters, so a thread on it would rightly lose its text):
    // the range is taken where the text it names lasts to the end.
    const half = Math.floor(trace.txns.length * 0.9);
    const atHalf: number[] = [];
    for (const [index, txn] of trace.txns.entries()) {
      applyToShadow(ids, txn);
      if (index === half - 1) atHalf.push(...ids);
    }
    const survivors = new Set(ids);
    // The first 20-character range there whose two ends survive to the end.
    const from = atHalf.findIndex(
      (id, index) => index > 100 && survivors.has(id) && survivors.has(atHalf[index + 19]!),
    );
    expect(from).toBeGreaterThan(0);
    const [firstId, lastId] = [atHalf[from]!, atHalf[from + 19]!];

    const { text } = docWith("");
    const shadow: number[] = [];
    nextId = 0;
    let anchor: ReturnType<typeof anchorFor> | undefined;
    let checked = 0;
    for (const [index, txn] of trace.txns.entries()) {
      text.doc!.transact(() => {
        for (const [position, deleteCount, insertText] of txn.patches) {
          if (deleteCount > 0) text.delete(position, deleteCount);
          if (insertText) text.insert(position, insertText);
        }
      });
      applyToShadow(shadow, txn);
      if (index === half - 1) anchor = anchorFor(text, from, from + 20);
      if (anchor && (index % 5 === 0 || index === trace.txns.length - 1)) {
        expect(resolveAnchor(text, anchor)).toEqual({
          from: shadow.indexOf(firstId),
          to: shadow.indexOf(lastId) + 1,
        });
        checked++;
      }
    }
    expect(text.toString()).toBe(trace.endContent);
    expect(checked).toBeGreaterThan(300);
  });
});
