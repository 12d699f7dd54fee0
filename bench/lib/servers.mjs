// Starts, stops and addresses every server the bench drives: Quire (its
// production build under `wrangler dev`: workerd with on-disk SQLite Durable
// Objects) and the peers. Each runs in its own process group on loopback, so
// a SIGKILL takes down workerd with it.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, openSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const bin = (path) => join(ROOT, "node_modules", path);

/** A started server: its origin, how to open a document on it, how to stop it. */
export class Server {
  constructor(kind, port, stateDir, logDir) {
    this.kind = kind;
    this.port = port;
    this.stateDir = stateDir;
    this.logDir = logDir;
    this.origin = `http://127.0.0.1:${port}`;
    this.starts = 0;
  }

  /** Starts the process on the same state directory and waits until it answers HTTP. */
  async start() {
    mkdirSync(this.stateDir, { recursive: true });
    mkdirSync(this.logDir, { recursive: true });
    const log = openSync(join(this.logDir, `${this.kind}-${this.port}-${this.starts++}.log`), "a");
    const { command, args, env } = launchCommand(this.kind, this.port, this.stateDir);
    this.process = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      detached: true,
      stdio: ["ignore", log, log],
    });
    this.exited = new Promise((resolve) => this.process.once("exit", resolve));
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (this.process.exitCode !== null) throw new Error(`${this.kind} exited while starting`);
      try {
        const response = await fetch(`${this.origin}${healthPath(this.kind)}`, {
          signal: AbortSignal.timeout(2000),
        });
        await response.arrayBuffer();
        if (response.status < 500) break;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) throw new Error(`${this.kind} did not start on ${this.port}`);
      await sleep(200);
    }
    if (this.kind === "quire" && !this.api) this.api = await QuireApi.signIn(this.origin);
    return this;
  }

  /** Signals the whole process group and waits for the leader to exit. */
  async stop(signal = "SIGTERM") {
    if (!this.process || this.process.exitCode !== null || this.process.signalCode) return;
    try {
      process.kill(-this.process.pid, signal);
    } catch {
      // Already gone.
    }
    const timedOut = await Promise.race([this.exited.then(() => false), sleep(10_000, true)]);
    if (timedOut) {
      try {
        process.kill(-this.process.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
      await this.exited;
    }
    // The group's other members (workerd) go with the signal; give them a moment.
    await sleep(300);
  }

  /** A fresh document: its endpoint for SyncClient and, for Quire, its API path. */
  async newDocument(name) {
    switch (this.kind) {
      case "quire":
        return this.api.newDocument(name);
      case "y-websocket":
        return { url: `ws://127.0.0.1:${this.port}/${name}`, name };
      case "y-partyserver":
        return { url: `ws://127.0.0.1:${this.port}/parties/document/${name}`, name };
      case "hocuspocus":
        return { url: `ws://127.0.0.1:${this.port}/`, framing: "hocuspocus", docName: name, name };
      default:
        throw new Error(`unknown server ${this.kind}`);
    }
  }
}

function healthPath(kind) {
  return kind === "quire" ? "/api/session" : "/";
}

function launchCommand(kind, port, stateDir) {
  const node = process.execPath;
  switch (kind) {
    case "quire":
      // As deployed: the production build (`vite build`) under `wrangler dev`,
      // like y-partyserver below. (`npm run dev` relays every WebSocket frame
      // through Vite's Node.js process, a hop that is not part of the server.)
      buildQuireOnce();
      return wranglerDev(join(ROOT, "dist/quire/wrangler.json"), port, stateDir);
    case "y-partyserver":
      return wranglerDev(join(ROOT, "bench/peers/y-partyserver/wrangler.jsonc"), port, stateDir);
    case "y-websocket":
      return {
        command: node,
        args: [bin("@y/websocket-server/src/server.js")],
        env: { HOST: "127.0.0.1", PORT: String(port), YPERSISTENCE: join(stateDir, "leveldb") },
      };
    case "hocuspocus":
      return {
        command: nodeForBetterSqlite3(),
        args: [join(ROOT, "bench/peers/hocuspocus.mjs"), String(port), join(stateDir, "db.sqlite")],
        env: {},
      };
    case "echo":
      return { command: node, args: [join(ROOT, "bench/peers/echo.mjs"), String(port)], env: {} };
    default:
      throw new Error(`unknown server ${kind}`);
  }
}

/** `wrangler dev` on loopback with its Durable Objects' SQLite kept in `stateDir`. */
function wranglerDev(config, port, stateDir) {
  return {
    command: process.execPath,
    args: [
      bin("wrangler/bin/wrangler.js"),
      "dev",
      "--config",
      config,
      "--port",
      String(port),
      "--ip",
      "127.0.0.1",
      "--persist-to",
      stateDir,
      "--inspector-port",
      "0",
      "--show-interactive-dev-session=false",
    ],
    env: { WRANGLER_SEND_METRICS: "false", CI: "1" },
  };
}

let quireBuilt = false;

/** Builds Quire for production once per run, so the bench drives what `wrangler deploy` ships. */
function buildQuireOnce() {
  if (quireBuilt) return;
  const build = spawnSync(
    process.execPath,
    [bin("vite/bin/vite.js"), "build", "--logLevel", "warn"],
    {
      cwd: ROOT,
      stdio: "inherit",
    },
  );
  if (build.status !== 0) throw new Error("vite build failed");
  quireBuilt = true;
}

/**
 * better-sqlite3 is a native module built by `npm ci` against the headers npm
 * is configured with, which on these machines are the system Node.js 20's,
 * while npm scripts run on the project's Node.js 22. Hocuspocus runs on
 * whichever Node.js can load it: this one, else npm's own.
 */
function nodeForBetterSqlite3() {
  const candidates = [process.execPath, process.env.npm_node_execpath, "/usr/bin/node"];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const probe = spawnSync(candidate, ["-e", "require('better-sqlite3')(':memory:')"], {
      cwd: ROOT,
      stdio: "ignore",
    });
    if (probe.status === 0) return candidate;
  }
  throw new Error("no Node.js here can load better-sqlite3; run `npm rebuild better-sqlite3`");
}

/**
 * How many people the bench signs in on Quire. Quire limits each person's
 * socket upgrades (300 a minute, per location) as it would in production, so
 * the bench's clients are spread over several people the way real traffic
 * is, instead of one person opening hundreds of tabs a minute. Thirteen, so
 * the faults suite's 200 reconnecting clients stay within the 16 sockets one
 * person may hold on one document (`MAX_SOCKETS_PER_PERSON_PER_DOCUMENT`,
 * issue 15.3; past it a person's oldest socket there is closed).
 */
const BENCH_PEOPLE = 13;

/**
 * Quire's HTTP API, signed in as the owner of one workspace and project for
 * the bench; BENCH_PEOPLE - 1 more people joined it as editors by a share link.
 */
export class QuireApi {
  static async signIn(origin) {
    const api = new QuireApi(origin);
    api.cookie = await api.#signInPerson("bench");
    const workspace = await api.call("POST", "/api/workspaces", { name: "Bench" });
    const project = await api.call("POST", `/api/workspaces/${workspace.id}/projects`, {
      name: "Bench",
    });
    api.projectPath = `/api/workspaces/${workspace.id}/projects/${project.id}`;
    const invite = await api.call("POST", `/api/workspaces/${workspace.id}/invites`, {
      role: "editor",
    });
    api.people = [api.cookie];
    for (let index = 1; index < BENCH_PEOPLE; index++) {
      const cookie = await api.#signInPerson(`bench ${index}`);
      await api.#fetch("POST", `/api/invites/${invite.token}/accept`, undefined, cookie);
      api.people.push(cookie);
    }
    return api;
  }

  constructor(origin) {
    this.origin = origin;
  }

  async call(method, path, body) {
    const response = await this.#fetch(method, path, body);
    return response.status === 204 ? null : response.json();
  }

  async #signInPerson(name) {
    const response = await this.#fetch("POST", "/api/session", { name }, null);
    return response.headers.get("set-cookie").split(";")[0];
  }

  async #fetch(method, path, body, cookie = this.cookie) {
    const response = await fetch(`${this.origin}${path}`, {
      method,
      headers: {
        ...(body ? { "Content-Type": "application/json" } : {}),
        ...(cookie ? { Cookie: cookie } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) {
      throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    }
    return response;
  }

  /** Creates a file; its socket asks for saved acknowledgements (`?acks=1`). */
  async newDocument(name) {
    const file = await this.call("POST", `${this.projectPath}/files`, { path: `${name}.md` });
    const { people, origin } = this;
    let next = 0;
    return {
      url: `${file.syncUrl}?acks=1`,
      // Each client that opens this document is the next person in turn.
      get headers() {
        return { Cookie: people[next++ % people.length], Origin: origin };
      },
      name,
      filePath: `${this.projectPath}/files/${file.id}`,
    };
  }

  /** What a document stores: `{ logBytes, logUpdates, snapshotBytes, stateBytes }`. */
  storage(document) {
    return this.call("GET", `${document.filePath}/storage`);
  }
}

export function sleep(ms, value) {
  return new Promise((resolve) => setTimeout(() => resolve(value), ms));
}
