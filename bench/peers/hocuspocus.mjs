// Hocuspocus with its SQLite extension, as its docs set it up: the document is
// kept in memory and stored whole by onStoreDocument, debounced (Hocuspocus's
// defaults: 2 s after the last change, at most 10 s).
//   node bench/peers/hocuspocus.mjs <port> <sqlite file>
import { SQLite } from "@hocuspocus/extension-sqlite";
import { Server } from "@hocuspocus/server";

const [port, database] = process.argv.slice(2);
const server = new Server({
  port: Number(port),
  address: "127.0.0.1",
  quiet: true,
  extensions: [new SQLite({ database })],
});
await server.listen();
console.log(`hocuspocus listening on ${port}`);
