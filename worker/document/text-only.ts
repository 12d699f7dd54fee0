import * as Y from "yjs";
import { DOCUMENT_TEXT_NAME } from "../../shared/protocol/document-text.ts";

/**
 * Refuses an update that would put anything but strings into the document's
 * text (issue 15.6). y-codemirror.next maps each character of the `Y.Text`
 * to one of the editor's, and an embed, a nested type or a format counts too
 * (or not) where CodeMirror has nothing: every later edit, by anyone, lands
 * off by one, for good. Other root types (tools and stock clients keep their
 * own) stay allowed; they count against the document's quota.
 *
 * Only the update's items that are not strings (nor deleted) need a look,
 * and only their place: an item names its parent when it has no neighbours,
 * else it sits beside its left or right origin, found in the update itself
 * or in the document. (It reads the update `#receiveUpdate` has decoded.) One whose place cannot be found (it waits on a change
 * that has not arrived) is refused too, since it would land unchecked later.
 */
export function nonTextProblem(
  doc: Y.Doc,
  { structs }: ReturnType<typeof Y.decodeUpdate>,
): string | undefined {
  const items = structs.filter((struct): struct is Y.Item => struct instanceof Y.Item);
  const suspects = items.filter(
    (item) =>
      !(item.content instanceof Y.ContentString || item.content instanceof Y.ContentDeleted),
  );
  if (suspects.length === 0) return undefined;
  const text = doc.getText(DOCUMENT_TEXT_NAME);
  for (const item of suspects) {
    const place = placeOf(item, items, doc, text, 0);
    if (place === "text") {
      return `the document's text holds only characters; this update puts ${describe(item.content)} into it`;
    }
    if (place === "unknown") {
      return "this update puts something other than text where the document cannot check it yet";
    }
  }
  return undefined;
}

type Place = "text" | "elsewhere" | "unknown";

/** Deep enough for any chain a real client sends; a longer one is refused as unknown. */
const MAX_HOPS = 10_000;

function placeOf(item: Y.Item, items: Y.Item[], doc: Y.Doc, text: Y.Text, hops: number): Place {
  if (hops > MAX_HOPS) return "unknown";
  const parent = item.parent as unknown;
  if (typeof parent === "string") return parent === DOCUMENT_TEXT_NAME ? "text" : "elsewhere";
  // A parent named by id is a type nested in another item: never the root text itself.
  if (parent instanceof Y.ID) return "elsewhere";
  const neighbour = item.origin ?? item.rightOrigin;
  if (!neighbour) return "unknown";
  const inUpdate = items.find(
    (other) =>
      other.id.client === neighbour.client &&
      other.id.clock <= neighbour.clock &&
      neighbour.clock < other.id.clock + other.length,
  );
  if (inUpdate) return placeOf(inUpdate, items, doc, text, hops + 1);
  if (neighbour.clock >= Y.getState(doc.store, neighbour.client)) return "unknown";
  const stored = Y.getItem(doc.store, neighbour);
  if (!(stored instanceof Y.Item)) return "unknown"; // garbage-collected: its parent is gone
  return stored.parent === text ? "text" : "elsewhere";
}

function describe(content: Y.Item["content"]): string {
  if (content instanceof Y.ContentEmbed) return "an embed";
  if (content instanceof Y.ContentFormat) return "formatting";
  if (content instanceof Y.ContentType) return "a nested type";
  return "a value that is not a string";
}
