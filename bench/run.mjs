// `npm run bench`: every scenario against Quire and each peer, one server at
// a time on this machine, then BENCHMARKS.md and bench/results/chart.svg.
//
//   npm run bench                       # the full run (see README, Benchmarks, for how long)
//   npm run bench -- --quick            # every scenario, shorter
//   npm run bench -- --servers quire,hocuspocus --seconds 20 --idle 60
//   npm run bench -- --scenarios stock,burst --traces sveltecomponent --port-base 5600
//   npm run bench -- --render           # rewrite the report from bench/results/latest.json
//
// Flags scale the scenarios: --seconds (edit-latency run per peer count),
// --sat-seconds (each saturation step), --rates (the saturation ladder),
// --batch (trace transactions per Yjs update in the paced replay), --traces
// (the unpaced stock-client replays), --sizes (cold-open documents, bytes),
// --idle (idle scenario seconds). --scenarios picks which run (all by
// default); --port-base moves the servers' ports (base to base + 4).
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { renderReport } from "./lib/report.mjs";
import {
  coldOpen,
  editLatency,
  floor,
  idle,
  saturation,
  traceReplay,
  wakeAfterHibernation,
} from "./lib/scenarios.mjs";
import { ROOT, Server } from "./lib/servers.mjs";
import { burst, unpacedReplay } from "./lib/stock.mjs";
import { thinFanOut } from "./lib/thin.mjs";

const SCENARIOS = [
  "latency",
  "fanout",
  "saturation",
  "trace",
  "stock",
  "burst",
  "idle",
  "cold",
  "wake",
];

const { values } = parseArgs({
  options: {
    servers: { type: "string", default: "quire,y-partyserver,y-websocket,hocuspocus" },
    quick: { type: "boolean", default: false },
    render: { type: "boolean", default: false },
    seconds: { type: "string" },
    "sat-seconds": { type: "string" },
    rates: { type: "string" },
    batch: { type: "string" },
    sizes: { type: "string" },
    idle: { type: "string" },
    traces: { type: "string", default: "sveltecomponent,rustcode,seph-blog1,automerge-paper" },
    peers: { type: "string", default: "2,10,50" },
    "fanout-peers": { type: "string", default: "25,50" },
    scenarios: { type: "string", default: SCENARIOS.join(",") },
    "port-base": { type: "string", default: "5420" },
    out: { type: "string", default: join(ROOT, "BENCHMARKS.md") },
  },
});
const quick = values.quick;
const settings = {
  latencySeconds: Number(values.seconds ?? (quick ? 6 : 15)),
  peerCounts: values.peers.split(",").map(Number),
  fanOutPeers: values["fanout-peers"].split(",").map(Number),
  editsPerSecondPerWriter: 5,
  saturationSeconds: Number(values["sat-seconds"] ?? (quick ? 2 : 4)),
  rates: (
    values.rates ?? (quick ? "250,1000,4000" : "250,500,750,1000,1500,2000,3000,4000,6000,8000")
  )
    .split(",")
    .map(Number),
  traceBatch: Number(values.batch ?? 300),
  sizes: (values.sizes ?? (quick ? "163840,2097152" : "163840,2097152,10485760"))
    .split(",")
    .map(Number),
  idleSeconds: Number(values.idle ?? (quick ? 20 : 60)),
  stockTraces: values.traces.split(","),
  burstUpdates: 1500,
  wakeBytes: 10 * 1024 * 1024,
  scenarios: values.scenarios.split(","),
};
for (const name of settings.scenarios) {
  if (!SCENARIOS.includes(name)) throw new Error(`unknown scenario ${name}; known: ${SCENARIOS}`);
}
const runs = (name) => settings.scenarios.includes(name);
const resultsDir = join(ROOT, "bench", "results");
const latestPath = join(resultsDir, "latest.json");

if (values.render) {
  render(JSON.parse(readFileSync(latestPath, "utf8")));
  process.exit(0);
}

const base = Number(values["port-base"]);
const PORTS = {
  quire: base,
  "y-partyserver": base + 1,
  "y-websocket": base + 2,
  hocuspocus: base + 3,
  echo: base + 4,
};
const runId = Date.now();
const results = {
  startedAt: new Date().toISOString(),
  machine: machine(),
  versions: versions(),
  settings,
  floor: null,
  servers: {},
};

log(
  `machine: ${results.machine.cpu} × ${results.machine.cores}, ${results.machine.memoryGiB} GiB, Node ${process.version}`,
);
log("floor: WebSocket echo round trip");
results.floor = await floor(PORTS.echo, settings.latencySeconds);

for (const kind of values.servers.split(",")) {
  const stateDir = `/tmp/quire-bench-${runId}/${kind}`;
  const server = new Server(kind, PORTS[kind], stateDir, `/tmp/quire-bench-${runId}/logs`);
  const result = (results.servers[kind] = { latency: [], errors: [] });
  log(`${kind}: starting on ${PORTS[kind]}`);
  try {
    await server.start();
    for (const peers of runs("latency") ? settings.peerCounts : []) {
      log(`${kind}: edit-to-peer latency, ${peers} peers`);
      result.latency.push(
        await step(result, () =>
          editLatency(server, {
            peers,
            rate: settings.editsPerSecondPerWriter,
            seconds: settings.latencySeconds,
          }),
        ),
      );
    }
    result.fanOut = [];
    for (const peers of runs("fanout") ? settings.fanOutPeers : []) {
      log(`${kind}: fan-out, ${peers} thin peers`);
      result.fanOut.push(
        await step(result, () =>
          thinFanOut(server, {
            peers,
            rate: settings.editsPerSecondPerWriter,
            seconds: settings.latencySeconds,
          }),
        ),
      );
    }
    if (runs("saturation")) {
      log(`${kind}: saturation`);
      result.saturation = await step(result, () =>
        saturation(server, { rates: settings.rates, seconds: settings.saturationSeconds }),
      );
    }
    if (runs("trace")) {
      log(`${kind}: trace replay`);
      result.trace = await step(result, () => traceReplay(server, { batch: settings.traceBatch }));
    }
    result.stock = [];
    for (const traceName of runs("stock") ? settings.stockTraces : []) {
      log(`${kind}: unpaced replay by one stock client, ${traceName}`);
      result.stock.push(await step(result, () => unpacedReplay(server, { traceName })));
    }
    if (runs("burst")) {
      log(`${kind}: one socket's burst of ${settings.burstUpdates} updates`);
      result.burst = await step(result, () => burst(server, { count: settings.burstUpdates }));
    }
    if (runs("idle")) {
      log(`${kind}: idle`);
      result.idle = await step(result, () => idle(server, { seconds: settings.idleSeconds }));
    }
    if (runs("wake")) {
      log(`${kind}: a 10 MB document after hibernation`);
      result.wake = await step(result, () =>
        wakeAfterHibernation(server, { bytes: settings.wakeBytes }),
      );
    }
    if (runs("cold")) {
      log(`${kind}: cold open`);
      result.coldOpen = await step(result, () => coldOpen(server, { sizes: settings.sizes }));
    }
  } catch (error) {
    result.errors.push(String(error?.stack ?? error));
  } finally {
    await server.stop();
  }
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(latestPath, `${JSON.stringify(results, null, 2)}\n`);
}
results.finishedAt = new Date().toISOString();
mkdirSync(resultsDir, { recursive: true });
writeFileSync(latestPath, `${JSON.stringify(results, null, 2)}\n`);
render(results);
log(`wrote ${values.out} and bench/results/chart.svg`);
// A stock y-websocket provider or a socket a scenario left behind would keep
// Node.js running after the report is written (seen after the stock replay).
process.exit(0);

async function step(result, run) {
  try {
    const value = await run();
    log(`  ${JSON.stringify(value).slice(0, 300)}`);
    return value;
  } catch (error) {
    log(`  failed: ${error?.message ?? error}`);
    result.errors.push(String(error?.message ?? error));
    return null;
  }
}

function render(data) {
  const { markdown, svg } = renderReport(data);
  writeFileSync(values.out, markdown);
  // The repository's formatter owns Markdown layout too (\`npm run check\`).
  spawnSync(join(ROOT, "node_modules/.bin/oxfmt"), [values.out], { stdio: "ignore" });
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, "chart.svg"), svg);
}

function machine() {
  return {
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

function versions() {
  const version = (name) => {
    try {
      return JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8"))
        .version;
    } catch {
      return "?";
    }
  };
  const names = [
    "yjs",
    "y-protocols",
    "ws",
    "vite",
    "@cloudflare/vite-plugin",
    "wrangler",
    "workerd",
    "y-partyserver",
    "partyserver",
    "@y/websocket-server",
    "y-leveldb",
    "@hocuspocus/server",
    "@hocuspocus/extension-sqlite",
    "better-sqlite3",
    "hdr-histogram-js",
  ];
  return Object.fromEntries(names.map((name) => [name, version(name)]));
}

function log(line) {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
}
