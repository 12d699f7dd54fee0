// Turns bench/results/latest.json into BENCHMARKS.md and an SVG chart.
// Ratios are always Quire / peer of the same number: for a time, above 1
// means Quire is slower; for a rate, below 1 means Quire does less.

const SERVERS = ["quire", "y-partyserver", "y-websocket", "hocuspocus"];
const LABEL = {
  quire: "Quire",
  "y-partyserver": "y-partyserver",
  "y-websocket": "@y/websocket-server",
  hocuspocus: "Hocuspocus",
};
const COLOR = {
  quire: "#e8590c",
  "y-partyserver": "#1c7ed6",
  "y-websocket": "#2f9e44",
  hocuspocus: "#7048e8",
};
const STORAGE = {
  quire:
    "every update in the Durable Object's SQLite (workerd, on disk) **before** it is acknowledged, by group commit (relayed at once, before its commit); compacted from the alarm",
  "y-partyserver":
    "document in memory; whole state saved to the Durable Object's SQLite by `onSave`, **debounced** (2 s, at most 10 s; set up in `bench/peers/y-partyserver/`); hibernates",
  "y-websocket":
    "document in memory; each update written to LevelDB (`YPERSISTENCE`) **asynchronously**, not acknowledged; without `YPERSISTENCE` memory only",
  hocuspocus:
    "document in memory; whole state saved to SQLite by `@hocuspocus/extension-sqlite`, **debounced** (2 s, at most 10 s)",
};

const ms = (value) =>
  value === null || value === undefined || Number.isNaN(value)
    ? "–"
    : value >= 100
      ? value.toFixed(0)
      : value >= 10
        ? value.toFixed(1)
        : value.toFixed(2);
const int = (value) =>
  value === null || value === undefined ? "–" : Math.round(value).toLocaleString("en-US");
const kb = (bytes) =>
  bytes === null || bytes === undefined
    ? "–"
    : `${(bytes / 1024).toLocaleString("en-US", { maximumFractionDigits: 0 })} KB`;
const size = (bytes) =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(0)} MB`
    : `${(bytes / 1024).toFixed(0)} KB`;

/**
 * Every number the report compares, per server: a label, the value, and
 * whether lower is better.
 */
function metrics(data) {
  const rows = [];
  const add = (group, label, lowerIsBetter, pick, format) =>
    rows.push({
      group,
      label,
      lowerIsBetter,
      format,
      values: Object.fromEntries(
        SERVERS.map((kind) => [kind, safe(() => pick(data.servers[kind]))]),
      ),
    });
  for (const [index, peers] of data.settings.peerCounts.entries()) {
    for (const percentile of ["p50", "p95", "p99"]) {
      add(
        "Edit-to-peer latency",
        `${peers} peers, ${percentile} (ms)`,
        true,
        (s) => s.latency[index].peer[percentile],
        ms,
      );
    }
  }
  for (const [index, peers] of (data.settings.fanOutPeers ?? []).entries()) {
    for (const percentile of ["p50", "p99"]) {
      add(
        "Fan-out (thin peers, raw y-protocols frames)",
        `${peers} peers, ${percentile} (ms)`,
        true,
        (s) => (s.fanOut[index].delivered === 1 ? s.fanOut[index].peer[percentile] : null),
        ms,
      );
    }
  }
  add("Saturation", "updates/s with p99 < 100 ms", false, (s) => s.saturation.maxRate, int);
  add("Trace replay", "edits/s (automerge-paper)", false, (s) => s.trace.editsPerSecond, int);
  add("Trace replay", "Yjs updates/s", false, (s) => s.trace.updatesPerSecond, int);
  add(
    "Trace replay",
    "stored bytes",
    true,
    // A data directory can shrink while the trace is stored (LevelDB compacts
    // what earlier scenarios wrote): no measure then, not a negative one.
    (s) =>
      s.trace.storage
        ? s.trace.storage.snapshotBytes + s.trace.storage.logBytes
        : s.trace.diskDelta >= 0
          ? s.trace.diskDelta
          : null,
    kb,
  );
  for (const [index, trace] of (data.settings.stockTraces ?? []).entries()) {
    const pick = (s) => (s.stock[index].ok ? s.stock[index] : null);
    add(
      "Unpaced replay by one stock client",
      `${trace}: s until a second client has endContent`,
      true,
      (s) => pick(s).seconds,
      ms,
    );
    add(
      "Unpaced replay by one stock client",
      `${trace}: a client joining 1 s in, ms to sync`,
      true,
      (s) => s.stock[index].joinMs,
      ms,
    );
    add(
      "Unpaced replay by one stock client",
      `${trace}: server CPU per update (ms)`,
      true,
      (s) => s.stock[index].serverCpuPerUpdateMs,
      (v) => (v === null ? "–" : v.toFixed(3)),
    );
    add(
      "Unpaced replay by one stock client",
      `${trace}: peak server RSS (MiB)`,
      true,
      (s) => s.stock[index].peakRssMiB,
      int,
    );
  }
  add(
    "Burst",
    `${int(data.settings.burstUpdates ?? 1500)} updates sent at once by one socket, s until a second client has them`,
    true,
    (s) => (s.burst.ok ? s.burst.seconds : null),
    ms,
  );
  add(
    "After hibernation",
    "10 MB document, first open once its object hibernated (ms)",
    true,
    (s) => (s.wake.ok ? s.wake.wokenMs : null),
    ms,
  );
  add(
    "After hibernation",
    "10 MB document, the next open (ms)",
    true,
    (s) => (s.wake.ok ? s.wake.nextMs : null),
    ms,
  );
  for (const [index, bytes] of data.settings.sizes.entries()) {
    add(
      "Cold open",
      `${size(bytes)} document, first open after restart (ms)`,
      true,
      (s) => s.coldOpen[index].coldMs,
      ms,
    );
    add(
      "Cold open",
      `${size(bytes)} document, second open (ms)`,
      true,
      (s) => s.coldOpen[index].warmMs,
      ms,
    );
  }
  add(
    "Idle",
    `CPU seconds used by the server in ${data.settings.idleSeconds} s`,
    true,
    (s) => s.idle.cpuSeconds,
    (v) => (v === null ? "–" : v.toFixed(2)),
  );
  add("Idle", "first edit after the idle time, to 9 peers (ms)", true, (s) => s.idle.wakeMs, ms);
  return rows;
}

function safe(pick) {
  try {
    const value = pick();
    return typeof value === "number" && Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

function ratio(quire, peer) {
  if (quire === null || peer === null || peer === 0) return null;
  return quire / peer;
}

export function renderReport(data) {
  const present = SERVERS.filter((kind) => data.servers[kind]);
  const peers = present.filter((kind) => kind !== "quire");
  const rows = metrics(data);
  const out = [];
  out.push("# Benchmarks");
  out.push("");
  out.push(
    `Quire and the Yjs servers people would otherwise pick, driven by the same load generator in the same run on the same machine (\`npm run bench\`, ${data.startedAt.slice(0, 16).replace("T", " ")} UTC). Every client is a real y-protocols client (\`bench/lib/client.mjs\`: a Y.Doc synced with the y-protocols sync and awareness encoders over \`ws\`) on loopback. Load is open-loop at a constant rate, and latency is measured from when an edit was *due*, not when it was sent, so a slow sender cannot hide queueing. Percentiles come from HDR histograms (\`hdr-histogram-js\`, microsecond resolution, 3 significant digits).`,
  );
  out.push("");
  out.push("![Benchmark chart](bench/results/chart.svg)");
  out.push("");
  out.push("## Where Quire is behind");
  out.push("");
  const behind = [];
  for (const row of rows) {
    const quire = row.values.quire;
    for (const peer of peers) {
      const r = ratio(quire, row.values[peer]);
      if (r === null) continue;
      const worse = row.lowerIsBetter ? r > 1.1 : r < 0.9;
      if (worse) behind.push({ row, peer, r });
    }
  }
  if (behind.length === 0) out.push("Nowhere by more than 10% in this run.");
  const byRow = new Map();
  for (const item of behind) {
    const key = `${item.row.group}: ${item.row.label}`;
    if (!byRow.has(key)) byRow.set(key, []);
    byRow.get(key).push(item);
  }
  for (const [key, items] of byRow) {
    const detail = items
      .map(({ row, peer, r }) =>
        row.lowerIsBetter
          ? `${LABEL[peer]} ${row.format(row.values[peer])} (Quire ×${r.toFixed(1)})`
          : `${LABEL[peer]} ${row.format(row.values[peer])} (Quire ${Math.round((1 - r) * 100)}% less)`,
      )
      .join("; ");
    out.push(`- **${key}** — Quire ${items[0].row.format(items[0].row.values.quire)}; ${detail}.`);
  }
  out.push("");
  out.push(WHY_BEHIND);
  out.push("");
  out.push("## Results");
  out.push("");
  out.push(
    `Floor: a WebSocket echo server on the same machine answers a 32-byte message in p50 ${ms(data.floor?.p50)} ms, p95 ${ms(data.floor?.p95)} ms, p99 ${ms(data.floor?.p99)} ms (${int(data.floor?.count)} round trips at 200/s).`,
  );
  out.push("");
  const header = [
    "Scenario",
    ...present.map((kind) => LABEL[kind]),
    ...peers.map((kind) => `Quire / ${LABEL[kind]}`),
  ];
  out.push(`| ${header.join(" | ")} |`);
  out.push(`| ${header.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`);
  let group = "";
  for (const row of rows) {
    if (row.group !== group) {
      group = row.group;
      out.push(`| **${group}** |${" |".repeat(header.length - 1)}`);
    }
    const cells = [row.label, ...present.map((kind) => row.format(row.values[kind]))];
    for (const peer of peers) {
      const r = ratio(row.values.quire, row.values[peer]);
      cells.push(r === null ? "–" : `${r.toFixed(2)}`);
    }
    out.push(`| ${cells.join(" | ")} |`);
  }
  out.push("");
  out.push(
    "Ratios are Quire / peer: for times, above 1 means Quire is slower; for rates, below 1 means Quire does less. “–” means the scenario failed or does not apply (see below).",
  );
  out.push("");
  out.push("### Quire only: edit-to-acknowledgement");
  out.push("");
  out.push(
    "Quire tells an author when an edit is stored (message 102 after the SQLite transaction). No peer has an equivalent, so an edit there can be relayed and still be lost in a crash (see *Servers*).",
  );
  out.push("");
  const quire = data.servers.quire;
  if (quire) {
    out.push("| Load | ack p50 (ms) | ack p95 (ms) | ack p99 (ms) |");
    out.push("| --- | ---: | ---: | ---: |");
    for (const item of quire.latency ?? []) {
      if (item?.ack)
        out.push(
          `| ${item.peers} peers × 5 edits/s | ${ms(item.ack.p50)} | ${ms(item.ack.p95)} | ${ms(item.ack.p99)} |`,
        );
    }
    for (const item of quire.fanOut ?? []) {
      if (item?.ack)
        out.push(
          `| ${item.peers} thin peers × 5 edits/s | ${ms(item.ack.p50)} | ${ms(item.ack.p95)} | ${ms(item.ack.p99)} |`,
        );
    }
    for (const step of quire.saturation?.steps ?? []) {
      if (step.ack)
        out.push(
          `| saturation, ${step.rate} updates/s | ${ms(step.ack.p50)} | ${ms(step.ack.p95)} | ${ms(step.ack.p99)} |`,
        );
    }
    out.push("");
  }
  out.push("### Details");
  out.push("");
  for (const kind of present) {
    const result = data.servers[kind];
    const details = [];
    const steps = result.saturation?.steps ?? [];
    if (steps.length) {
      details.push(
        `saturation ladder (rate: edit-to-peer p99) ${steps.map((step) => `${step.rate}/s: ${ms(step.peer.p99)} ms${step.drained ? "" : " (not drained)"}`).join(", ")}${result.saturation.topOfLadder ? " — passed the top of the ladder: the load generator, not the server, is the limit" : ""}`,
      );
    }
    if (result.trace) {
      details.push(
        `trace: ${int(result.trace.transactions)} edits in ${int(result.trace.updates)} updates in ${result.trace.seconds.toFixed(1)} s; final text ${result.trace.ok ? "matches" : "DIFFERS"}; fresh load ${result.trace.freshLoadOk ? "matches" : "DIFFERS"}; ${result.trace.storage ? `stored ${kb(result.trace.storage.snapshotBytes)} snapshot + ${kb(result.trace.storage.logBytes)} log (Quire's storage API)` : `on-disk growth ${kb(result.trace.diskDelta)}`}`,
      );
    }
    for (const item of result.stock ?? []) {
      if (!item) continue;
      details.push(
        `unpaced ${item.trace}: ${int(item.transactions)} updates sent in ${item.sentInSeconds.toFixed(1)} s, all at a second client after ${item.seconds.toFixed(1)} s (${int(item.editsPerSecond)} edits/s), final text ${item.readerOk ? "matches" : "DIFFERS"}, fresh load ${item.freshLoadOk ? "matches" : "DIFFERS"}; writer closed ${item.writerCloses.length ? item.writerCloses.join(", ") : "never"}; a client joining 1 s in synced after ${ms(item.joinMs)} ms; a typist beside it (10 edits/s) reached the second client in p50 ${ms(item.typist?.p50)} ms, p99 ${ms(item.typist?.p99)} ms${item.typist?.connected === false ? " (could not connect)" : ""}; server CPU ${item.serverCpuSeconds.toFixed(1)} s, peak RSS ${int(item.peakRssMiB)} MiB`,
      );
    }
    if (result.burst) {
      details.push(
        `burst: ${int(result.burst.count)} updates in ${result.burst.seconds.toFixed(2)} s${result.burst.writerCloses.length ? `, writer closed ${result.burst.writerCloses.join(", ")}` : ""}`,
      );
    }
    for (const item of result.fanOut ?? []) {
      if (item)
        details.push(
          `fan-out ${item.peers} thin peers: ${Math.round(item.delivered * 100)}% delivered; the load generator used ${Math.round(item.generatorCpuShare * 100)}% of one core`,
        );
    }
    if (result.wake) {
      const wake = result.wake;
      details.push(
        `10 MB after hibernation: ${wake.hibernated === null ? "no hibernation to wait for (Node.js), opened after 12 s of quiet" : wake.hibernated ? `object asleep after ${ms(wake.asleepAfterMs)} ms of quiet` : "object did NOT hibernate within 60 s"}; first open ${ms(wake.wokenMs)} ms, next ${ms(wake.nextMs)} ms${wake.ok ? "" : " INCOMPLETE"}`,
      );
    }
    if (result.idle) {
      const idle = result.idle;
      details.push(
        idle.observable
          ? `idle: object's database closed (object evicted) after ${idle.asleepAfter ?? "never"} s, reopened ${idle.secondsAwakeAfterSleeping} s of the rest; ${idle.stillConnected}/10 clients still connected`
          : `idle: no hibernation to observe (a Node.js process keeps every document in memory); ${idle.stillConnected}/10 clients still connected`,
      );
    }
    if (result.coldOpen) {
      details.push(
        `cold open: ${result.coldOpen.map((item) => `${size(item.size)} (state ${kb(item.stateBytes)}): ${ms(item.coldMs)} ms${item.ok ? "" : " INCOMPLETE"}`).join(", ")}`,
      );
    }
    const converged = (result.latency ?? []).every((item) => item?.converged);
    details.push(`every client converged in the latency runs: ${converged ? "yes" : "NO"}`);
    for (const error of result.errors ?? []) details.push(`error: ${error.split("\n")[0]}`);
    out.push(`- **${LABEL[kind]}**: ${details.join("; ")}.`);
  }
  out.push("");
  out.push("## Servers");
  out.push("");
  out.push("| Server | How it runs here | When an edit is durable |");
  out.push("| --- | --- | --- |");
  const RUNS = {
    quire:
      "production build (`vite build`) under `wrangler dev` (workerd), `--persist-to` on disk; `npm run dev` would add a Node.js relay per frame",
    "y-partyserver":
      "`wrangler dev` (workerd), `bench/peers/y-partyserver/`, `--persist-to` on disk",
    "y-websocket": "`@y/websocket-server` bin on Node.js, `YPERSISTENCE=<dir>` (y-leveldb)",
    hocuspocus:
      "`bench/peers/hocuspocus.mjs`: `Server` + `SQLite({ database: <file> })` on Node.js",
  };
  for (const kind of present) out.push(`| ${LABEL[kind]} | ${RUNS[kind]} | ${STORAGE[kind]} |`);
  out.push("");
  out.push("## Machine, versions, settings");
  out.push("");
  const m = data.machine;
  out.push(
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform}, Node.js ${m.node}. The load generator and the server share the ${m.cores} cores.`,
  );
  out.push(
    `- Versions: ${Object.entries(data.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(", ")}.`,
  );
  const s = data.settings;
  out.push(
    `- Settings: edit latency ${s.latencySeconds} s per peer count (after 2 s warm-up) with ${s.peerCounts.join(", ")} peers, every peer a writer at ${s.editsPerSecondPerWriter} edits/s inserting one character at a random place; fan-out with ${(s.fanOutPeers ?? []).join(", ")} thin peers, the same load; saturation ${s.saturationSeconds} s per step over ${s.rates.join(", ")} updates/s (spread over writers sending at most 500 updates/s each, one reader timing them all; stop at the first step with p99 ≥ 100 ms or not drained within 10 s); trace replay automerge-paper with ${s.traceBatch} trace transaction(s) per Yjs update and at most 256 updates in flight; unpaced replay of ${(s.stockTraces ?? []).join(", ")} by one stock client; a burst of ${int(s.burstUpdates ?? 1500)} updates from one socket; cold open documents of ${s.sizes.map(size).join(", ")} written in 256 KB inserts; a 10 MB document after hibernation; idle ${s.idleSeconds} s with 10 clients.`,
  );
  out.push(
    "- Scale with flags: `npm run bench -- --seconds 15 --sat-seconds 4 --rates 250,500,1000 --batch 10 --traces sveltecomponent --sizes 163840,2097152,10485760 --idle 60 --servers quire,hocuspocus --scenarios latency,stock --port-base 5420`; `--quick` runs every scenario shorter; `--render` rewrites this file from `bench/results/latest.json`.",
  );
  out.push("");
  out.push(NOTES);
  out.push("");
  return { markdown: out.join("\n"), svg: chart(data, present) };
}

const WHY_BEHIND = `The list above is every measure where Quire is behind a peer, and by how much (“×” is Quire / peer). How to read it:

- **Against y-partyserver**, which runs on the same runtime (workerd under \`wrangler dev\`), the difference is what Quire stores: it relays an update at once, as y-partyserver does, but it also writes every update to SQLite by group commit and acknowledges it only once that commit is durable, while y-partyserver saves the whole document on a debounce. Per update that is a log row and a share of one commit's fsync, plus the acknowledgement frame.
- **Against the Node.js servers** (@y/websocket-server, Hocuspocus) most of the gap is the runtime: workerd's cost per WebSocket event, which y-partyserver pays too. Both Node.js servers also relay before anything is durable.
- **Many peers** is hundreds of edits a second each relayed to every socket on a two-core machine that also runs the load generator; the fan-out rows use a generator light enough to say what the server does.`;

const NOTES = `## Notes

- **Same machine, two cores.** The load generator (up to 50 Y.Docs applying every edit) and the server share two cores, so at 50 peers part of every latency is the generator's own work; it is the same for every server.
- **What "takes" means in saturation.** A step passes when a second client receives every edit with p99 under 100 ms and, for Quire, every edit is acknowledged as stored. A peer that passes the top of the ladder is limited by the load generator, not measured to its limit.
- **Trace replay** replays automerge-paper (259,778 edits) with several trace transactions per Yjs update (\`--batch\`, 300 by default: its 866 updates fit in the burst of Quire's per-socket budget, so the writer never has to pace itself and the rate is the server's, for every server); the editing history and final text are the trace's, and both clients and a fresh load must end with exactly \`endContent\`. \`npm run replay\` replays it against a running server, 10 trace transactions per update by default (one run against \`npm run dev\`: 30.1 s, 8,628 edits/s, 863 stored updates/s, final text and fresh load match, 311,044 B snapshot after compaction); \`--batch 1\` is one update per keystroke and takes about five minutes, since the writer keeps inside Quire's per-socket budget. Quire's stored bytes come from its storage API (\`GET …/files/:f/storage\`: snapshot + log); the peers' from the growth of their data directory after their longest save delay, which is rough: y-partyserver's figure includes the whole-state saves and SQLite write-ahead logs of the documents the earlier scenarios left behind, so it is not comparable.
- **Cold open** is the time from opening a socket to having the whole text, after the server process was restarted on the same data: the first open pays for starting the object (Quire, y-partyserver) or loading the document (all). @y/websocket-server answers the sync before LevelDB has loaded the document, so its clients see "synced" with an empty text and get the content a moment later; the time here is until the content is there.
- **Idle and hibernation.** workerd opens a Durable Object's SQLite database when the object starts and closes it when the object is evicted, so the bench watches the workerd process's open files (\`/proc/<pid>/fd\`) once a second: the document's database closing is the object hibernating, and it staying closed is the object staying asleep. CPU is the server's process group's user + system time over the idle window. The clients set an awareness state once and then stay silent; a stock \`y-websocket\` provider renews its awareness every 15 s, which wakes the object each time (so does its 30 s "no message received" reconnect check if nothing answers).
- **Memory under backlog and the per-socket budget (Quire).** workerd queues frames that arrive faster than a document handles them (the peak RSS rows show how much). Past its budget of 20,000 messages a second (after a burst of 50,000; 8 MiB a second after 16 MiB; \`SOCKET_BUDGET\` in \`shared/limits.ts\`) a socket is closed with 4429; a stock client replaying a trace unpaced sends about 10,000 small updates a second and fits (before 2026-12-02 the budget was 1,000 a second and closed it). The paced replay and saturation writers keep inside the budget (at most 256 updates in flight, writers of at most 500 updates/s each), whichever server they drive; the unpaced replay does not.
- **Unpaced replay and burst.** One real \`y-websocket\` \`WebsocketProvider\` (Hocuspocus: the bench client, whose framing it needs) sends one update per trace transaction as fast as it can, as an editor replaying history would; a second client times when it has exactly \`endContent\`, a third connects 1 s in and is timed to its sync, and a typist beside the flood (10 edits/s) is timed to the second client. Server CPU comes from \`/proc\` for the server's process group (it includes the joiner's and typist's small share), so it changes less than wall time when the machine is busy.
- **Fan-out (thin peers).** Each peer is a socket speaking raw y-protocols frames: a writer keeps a Y.Doc of its own edits only, and a reader never applies what it receives but reads each relayed update's clock range (\`Y.parseUpdateMeta\`) and times the edits in it; the details say how much of one core the generator used.
- **After hibernation.** A 10 MB document with one quiet client on it: once workerd closes the object's database (the object hibernated), a new client opens it, then another.
- **Many people, not one.** Quire limits socket upgrades per person (300 a minute) and sign-ins per address, as it does in production, so the bench signs in 8 people who share the bench workspace and opens each new client as the next of them.
- **Node.js versions.** npm scripts run on the project's Node.js 22; \`better-sqlite3\` is compiled by \`npm ci\` against the Node.js headers npm is configured with (the system's Node.js 20 here), so the bench runs Hocuspocus on whichever Node.js can load it.
- Nothing is tuned by skipping work: Quire runs as shipped, with every acknowledged update stored before it is acknowledged, and the fault suite (\`npm run faults\`) checks exactly that.`;

/** Four panels of grouped bars: latency p99 (log scale), saturation, replay, cold open. */
function chart(data, present) {
  const width = 960;
  const panelHeight = 230;
  const panels = [
    {
      title: "Edit-to-peer latency p99 (ms, log scale; lower is better)",
      log: true,
      groups: data.settings.peerCounts.map((peers, index) => ({
        label: `${peers} peers`,
        values: present.map((kind) => safe(() => data.servers[kind].latency[index].peer.p99)),
      })),
    },
    {
      title: "Updates/s one document takes with p99 < 100 ms (higher is better)",
      groups: [
        {
          label: "saturation",
          values: present.map((kind) => safe(() => data.servers[kind].saturation.maxRate)),
        },
      ],
    },
    {
      title: "automerge-paper replay, edits/s (higher is better)",
      groups: [
        {
          label: "trace replay",
          values: present.map((kind) => safe(() => data.servers[kind].trace.editsPerSecond)),
        },
      ],
    },
    {
      title: "Cold open after restart, ms to the whole text (lower is better)",
      groups: data.settings.sizes.map((bytes, index) => ({
        label: size(bytes),
        values: present.map((kind) => safe(() => data.servers[kind].coldOpen[index].coldMs)),
      })),
    },
  ];
  const parts = [];
  const height = 50 + panels.length * panelHeight;
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
  );
  parts.push(`<rect width="100%" height="100%" fill="#fff"/>`);
  present.forEach((kind, index) => {
    const x = 20 + index * 180;
    parts.push(
      `<rect x="${x}" y="14" width="14" height="14" fill="${COLOR[kind]}"/><text x="${x + 20}" y="26">${LABEL[kind]}</text>`,
    );
  });
  panels.forEach((panel, panelIndex) => {
    const top = 50 + panelIndex * panelHeight;
    const plotTop = top + 24;
    const plotHeight = panelHeight - 70;
    const left = 70;
    const right = width - 20;
    parts.push(
      `<text x="${left}" y="${top + 12}" font-weight="bold">${panel.title.replace("<", "&lt;")}</text>`,
    );
    const all = panel.groups
      .flatMap((group) => group.values)
      .filter((value) => value !== null && value > 0);
    const max = all.length ? Math.max(...all) : 1;
    const minLog = panel.log ? Math.floor(Math.log10(Math.max(0.1, Math.min(...all, 1)))) : 0;
    const maxLog = panel.log ? Math.ceil(Math.log10(max)) : 0;
    const scale = (value) =>
      panel.log
        ? ((Math.log10(Math.max(value, 10 ** minLog)) - minLog) / Math.max(1, maxLog - minLog)) *
          plotHeight
        : (value / (max * 1.12)) * plotHeight;
    parts.push(
      `<line x1="${left}" y1="${plotTop + plotHeight}" x2="${right}" y2="${plotTop + plotHeight}" stroke="#888"/>`,
    );
    if (panel.log) {
      for (let power = minLog; power <= maxLog; power++) {
        const y = plotTop + plotHeight - scale(10 ** power);
        parts.push(
          `<line x1="${left}" y1="${y}" x2="${right}" y2="${y}" stroke="#eee"/><text x="${left - 6}" y="${y + 4}" text-anchor="end" fill="#666">${10 ** power}</text>`,
        );
      }
    }
    const groupWidth = (right - left) / panel.groups.length;
    const barWidth = Math.min(60, (groupWidth - 30) / present.length);
    panel.groups.forEach((group, groupIndex) => {
      const groupLeft =
        left + groupIndex * groupWidth + (groupWidth - barWidth * present.length) / 2;
      group.values.forEach((value, index) => {
        const x = groupLeft + index * barWidth;
        if (value === null) {
          parts.push(
            `<text x="${x + barWidth / 2}" y="${plotTop + plotHeight - 4}" text-anchor="middle" fill="#999">n/a</text>`,
          );
          return;
        }
        const h = Math.max(1, scale(value));
        const y = plotTop + plotHeight - h;
        parts.push(
          `<rect x="${x + 2}" y="${y}" width="${barWidth - 4}" height="${h}" fill="${COLOR[present[index]]}"/>`,
        );
        parts.push(
          `<text x="${x + barWidth / 2}" y="${y - 3}" text-anchor="middle" font-size="10">${value >= 100 ? Math.round(value).toLocaleString("en-US") : value.toFixed(1)}</text>`,
        );
      });
      parts.push(
        `<text x="${left + groupIndex * groupWidth + groupWidth / 2}" y="${plotTop + plotHeight + 16}" text-anchor="middle">${group.label}</text>`,
      );
    });
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
