// y-partyserver as its README sets it up for persistence: a YServer Durable
// Object with hibernation, loading the document from the object's SQLite on
// start and saving the whole state from the debounced onSave (y-partyserver's
// defaults: 2 s after the last change, at most 10 s). Values are chunked
// because a SQLite value may not exceed 2 MB.
import { routePartykitRequest } from "partyserver";
import { YServer } from "y-partyserver";
import * as Y from "yjs";

const CHUNK_BYTES = 1024 * 1024;

export class Document extends YServer {
  static options = { hibernate: true };

  async onLoad() {
    this.ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS state (idx INTEGER PRIMARY KEY, data BLOB NOT NULL)",
    );
    const chunks = this.ctx.storage.sql
      .exec("SELECT data FROM state ORDER BY idx")
      .toArray()
      .map((row) => new Uint8Array(row.data));
    if (chunks.length === 0) return;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, concat(chunks));
    return doc;
  }

  async onSave() {
    const state = Y.encodeStateAsUpdate(this.document);
    this.ctx.storage.transactionSync(() => {
      this.ctx.storage.sql.exec("DELETE FROM state");
      for (let idx = 0; idx * CHUNK_BYTES < state.byteLength; idx++) {
        this.ctx.storage.sql.exec(
          "INSERT INTO state (idx, data) VALUES (?, ?)",
          idx,
          state.subarray(idx * CHUNK_BYTES, (idx + 1) * CHUNK_BYTES),
        );
      }
    });
  }
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

export default {
  async fetch(request, env) {
    return (await routePartykitRequest(request, env)) ?? new Response("okay");
  },
};
