import { runInDurableObject } from "cloudflare:test";
import * as Y from "yjs";
import { DOCUMENT_TEXT_NAME } from "../../shared/protocol/document-text.ts";
import { DocumentStore } from "../document/document-store.ts";

/** The text a fresh Y.Doc holds after loading everything the document stored. */
export function storedText(stub: DurableObjectStub): Promise<string> {
  return runInDurableObject(stub, (_, state) => {
    const doc = new Y.Doc();
    for (const update of new DocumentStore(state.storage).load()) Y.applyUpdate(doc, update);
    return doc.getText(DOCUMENT_TEXT_NAME).toString();
  });
}

/** Every stored row of the log and the snapshot, as hex: "nothing stored changed" compares these. */
export function storedRows(stub: DurableObjectStub): Promise<string[]> {
  return runInDurableObject(stub, (_, state) => {
    const hex = (data: ArrayBuffer) =>
      [...new Uint8Array(data)].map((b) => b.toString(16)).join("");
    const log = state.storage.sql
      .exec<{ data: ArrayBuffer }>("SELECT data FROM log ORDER BY seq")
      .toArray()
      .map((row) => `log:${hex(row.data)}`);
    const snapshot = state.storage.sql
      .exec<{ data: ArrayBuffer }>("SELECT data FROM snapshot_chunks ORDER BY snapshot_id, idx")
      .toArray()
      .map((row) => `snapshot:${hex(row.data)}`);
    return [...snapshot, ...log];
  });
}
