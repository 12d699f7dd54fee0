// Replays a real editing trace from bench/traces through a running Quire
// server, as one person typing, and prints stored edits per second, whether
// every client and a fresh load end with the trace's endContent, and the
// bytes the document stores. Exits non-zero if any text differs.
//
//   npm run dev                      # in another terminal
//   npm run replay -- [--url http://localhost:5173] [--trace automerge-paper] [--batch 10]
//
// --batch N puts N of the trace's transactions in one Yjs update (default 10;
// 1 is one update per keystroke, as typed, and takes minutes, because the
// writer waits for acknowledgements). At most --window updates are in flight
// unacknowledged: the server
// stores each update before acknowledging it.
import { parseArgs } from "node:util";
import { QuireApi, sleep } from "./lib/servers.mjs";
import { freshLoadMatches, loadTrace, replayTrace } from "./lib/trace.mjs";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: "http://localhost:5173" },
    trace: { type: "string", default: "automerge-paper" },
    batch: { type: "string", default: "10" },
    window: { type: "string", default: "256" },
  },
});
const trace = loadTrace(values.trace);
const api = await QuireApi.signIn(values.url.replace(/\/$/, ""));
const document = await api.newDocument(values.trace);
const patches = trace.txns.reduce((sum, txn) => sum + txn.patches.length, 0);

const result = await replayTrace(document, trace, {
  batch: Number(values.batch),
  window: Number(values.window),
});
const live = await api.storage(document);
// The last person left: the document compacts from its alarm.
let compacted = live;
for (let attempt = 0; attempt < 100 && compacted.logBytes > 0; attempt++) {
  await sleep(100);
  compacted = await api.storage(document);
}
const fresh = await freshLoadMatches(document, trace.endContent);

console.log(
  `trace              ${values.trace}: ${trace.txns.length} transactions, ${patches} patches`,
);
console.log(`server             ${api.origin}`);
console.log(
  `replay             ${result.seconds.toFixed(1)} s, ${Math.round(result.transactions / result.seconds)} edits/s ` +
    `(${result.updates} updates, ${Math.round(result.updates / result.seconds)} stored updates/s)`,
);
console.log(
  `final text         ${result.ok ? "matches" : "DIFFERS from"} endContent (${trace.endContent.length} chars); ` +
    `fresh load ${fresh ? "matches" : "DIFFERS"}`,
);
console.log(
  `stored, live       log ${live.logBytes} B in ${live.logUpdates} updates + snapshot ${live.snapshotBytes} B (state ${live.stateBytes} B)`,
);
console.log(
  `stored, compacted  log ${compacted.logBytes} B + snapshot ${compacted.snapshotBytes} B (state ${compacted.stateBytes} B)`,
);
process.exit(result.ok && fresh ? 0 : 1);
