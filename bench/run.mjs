// `npm run bench`: every scenario against Quire and each peer, one server at
// a time on this machine, then BENCHMARKS.md and bench/results/chart.svg.
//
//   npm run bench                       # the full run (about 15 minutes)
//   npm run bench -- --quick            # every scenario, shorter (about 5 minutes)
//   npm run bench -- --servers quire,hocuspocus --seconds 20 --idle 60
//   npm run bench -- --render           # rewrite the report from bench/results/latest.json
//
// Flags scale the scenarios: --seconds (edit-latency run per peer count),
// --sat-seconds (each saturation step), --rates (the saturation ladder),
// --batch (trace transactions per Yjs update), --sizes (cold-open documents,
// bytes), --idle (idle scenario seconds).
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { renderReport } from "./lib/report.mjs";
import { coldOpen, editLatency, floor, idle, saturation, traceReplay } from "./lib/scenarios.mjs";
import { ROOT, Server } from "./lib/servers.mjs";

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
    out: { type: "string", default: join(ROOT, "BENCHMARKS.md") },
  },
});
const quick = values.quick;
const settings = {
  latencySeconds: Number(values.seconds ?? (quick ? 6 : 15)),
  peerCounts: [2, 10, 50],
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
};
const resultsDir = join(ROOT, "bench", "results");
const latestPath = join(resultsDir, "latest.json");

if (values.render) {
  render(JSON.parse(readFileSync(latestPath, "utf8")));
  process.exit(0);
}

const PORTS = {
  quire: 5420,
  "y-partyserver": 5421,
  "y-websocket": 5422,
  hocuspocus: 5423,
  echo: 5424,
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
    for (const peers of settings.peerCounts) {
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
    log(`${kind}: saturation`);
    result.saturation = await step(result, () =>
      saturation(server, { rates: settings.rates, seconds: settings.saturationSeconds }),
    );
    log(`${kind}: trace replay`);
    result.trace = await step(result, () => traceReplay(server, { batch: settings.traceBatch }));
    log(`${kind}: idle`);
    result.idle = await step(result, () => idle(server, { seconds: settings.idleSeconds }));
    log(`${kind}: cold open`);
    result.coldOpen = await step(result, () => coldOpen(server, { sizes: settings.sizes }));
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
