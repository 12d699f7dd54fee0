// Measuring tools shared by the bench and the fault suite: latency
// histograms (hdr-histogram-js, microsecond resolution), an open-loop
// scheduler, and what the operating system says about a server's processes.
import { readdirSync, readFileSync, readlinkSync, statSync } from "node:fs";
import { join } from "node:path";
import * as hdr from "hdr-histogram-js";
import { sleep } from "./servers.mjs";

/** A latency histogram in microseconds, up to an hour, 3 significant digits. */
export function histogram() {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
  });
}

/** Records a latency given in milliseconds. */
export function record(hist, ms) {
  hist.recordValue(Math.max(1, Math.round(ms * 1000)));
}

/** p50 / p95 / p99 / max in milliseconds, and the sample count. */
export function summary(hist) {
  const at = (p) => hist.getValueAtPercentile(p) / 1000;
  return {
    count: hist.totalCount,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: hist.maxValue / 1000,
  };
}

/**
 * Open-loop load: calls `fire(index, due)` for `count` events spaced
 * `intervalMs` apart from `start`, at their due time or as soon after it as
 * the process can. Latency is measured from `due`, so a slow sender or a
 * slow server cannot hide queueing (no coordinated omission). When behind,
 * it yields every few events so replies are still read.
 */
export async function openLoop(count, intervalMs, fire, start = performance.now()) {
  let behind = 0;
  for (let index = 0; index < count; index++) {
    const due = start + index * intervalMs;
    const wait = due - performance.now();
    if (wait > 1) {
      behind = 0;
      await sleep(wait);
    } else if (++behind % 25 === 0) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    fire(index, due);
  }
}

/** Processes in a process group (the server and, for Quire, workerd). */
function groupMembers(pgid) {
  const members = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // fields[2] is the process group; [11] and [12] user and system ticks.
      if (Number(fields[2]) === pgid) {
        members.push({ pid: Number(entry), ticks: Number(fields[11]) + Number(fields[12]) });
      }
    } catch {
      // The process ended while we looked.
    }
  }
  return members;
}

/** CPU seconds a process group has used so far (Linux clock ticks of 10 ms). */
export function groupCpuSeconds(pgid) {
  return groupMembers(pgid).reduce((sum, member) => sum + member.ticks, 0) / 100;
}

/** Resident memory of a process group, in MiB. */
export function groupRssMiB(pgid) {
  let kib = 0;
  for (const { pid } of groupMembers(pgid)) {
    try {
      const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (match) kib += Number(match[1]);
    } catch {
      // Gone.
    }
  }
  return kib / 1024;
}

/**
 * The Durable Objects' SQLite databases a workerd process group holds open.
 * workerd opens an object's database when the object starts and closes it
 * when the object is evicted, so an open file means the object is in memory.
 */
export function openObjectDatabases(pgid, stateDir) {
  const open = new Set();
  for (const { pid } of groupMembers(pgid)) {
    let fds = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (
          target.startsWith(stateDir) &&
          target.includes("/do/") &&
          target.endsWith(".sqlite") &&
          !target.endsWith("metadata.sqlite")
        ) {
          open.add(target);
        }
      } catch {
        // Closed while we looked.
      }
    }
  }
  return open;
}

/** Bytes of every file under `dir`. */
export function diskBytes(dir) {
  let total = 0;
  let entries = [];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += diskBytes(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

/**
 * Quire's acknowledgements, timed from when each edit was due: one queue per
 * writer (push `{ sent, due }` as each edit goes out), drained as the
 * client's `onAck` reports how many it has had. Only Quire acknowledges; for
 * the other servers the queues stay unread.
 */
export function trackAcks(server, clients, recordFrom, toAck) {
  const pendingAcks = clients.map(() => []);
  if (server.kind !== "quire") return pendingAcks;
  clients.forEach((client, writer) => {
    client.onAck = (acks) => {
      const queue = pendingAcks[writer];
      while (queue.length > 0 && queue[0].sent <= acks) {
        const { due } = queue.shift();
        if (due >= recordFrom) record(toAck, performance.now() - due);
      }
    };
  });
  return pendingAcks;
}
