import { DurableObject } from "cloudflare:workers";
import * as encoding from "lib0/encoding";
import * as authProtocol from "y-protocols/auth";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { CloseCode } from "../../shared/errors.ts";
import type { LockState } from "../../shared/api/lock.ts";
import type { RestoreResult, VersionInfo, VersionPreview } from "../../shared/api/versions.ts";
import { DOCUMENT_TEXT_NAME } from "../../shared/protocol/document-text.ts";
import { MAX_FRAME_BYTES, SOCKET_BUDGET } from "../../shared/limits.ts";
import { canWrite, type Role } from "../../shared/roles.ts";
import {
  type AwarenessEntry,
  encodeAwarenessEntries,
  parseClientFrame,
} from "../../shared/protocol/frames.ts";
import { MessageTag } from "../../shared/protocol/messages.ts";
import {
  DocumentStore,
  documentStoreMigration,
  EmptyCompactionError,
} from "../lib/document-store.ts";
import { readGrant } from "../lib/grant.ts";
import { applyMigrations, type Migration } from "../lib/migrations.ts";
import { startUp } from "../lib/start-up.ts";
import { conflict, forbidden, notFound, ok, tooLarge, type Outcome } from "../lib/outcome.ts";
import { MessageBudget } from "../lib/message-budget.ts";
import { replaceText } from "../lib/replace-text.ts";
import { MAX_NAMED_VERSIONS, VersionStore, versionStoreMigration } from "../lib/version-store.ts";
import { AlarmScheduler, schedulerMigration } from "../lib/scheduler.ts";
import { answerClose, broadcast, closeAll, closeQuietly } from "../lib/sockets.ts";

/** Append-only schema of a document's SQLite (see `applyMigrations`). */
export const documentMigrations: readonly Migration[] = [
  {
    id: "0001-update-log",
    sql: `CREATE TABLE updates (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            data BLOB NOT NULL,
            stored_at INTEGER NOT NULL
          )`,
  },
  schedulerMigration,
  {
    id: "0002-lock",
    sql: `CREATE TABLE lock (
            singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
            holder_id TEXT NOT NULL,
            holder_name TEXT NOT NULL,
            acquired_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL
          )`,
  },
  documentStoreMigration,
  versionStoreMigration,
];

/**
 * An update that changes nothing (merging with it makes Yjs write an update
 * anew): no structs, no deletions. Written out rather than made from a
 * `new Y.Doc()`, which draws random numbers, and workerd refuses random
 * numbers in a Worker's global scope (the deployed Worker would not start).
 */
const NO_CHANGES = new Uint8Array([0, 0]);

/** Client ids one awareness frame may name (a tab names one; y-websocket relays at most a few). */
const MAX_AWARENESS_ENTRIES = 64;

/** An automatic version is saved after this long of editing (and when the last person leaves). */
const AUTO_VERSION_AFTER_MS = 10 * 60 * 1000;

/** Compaction is scheduled once the log passes either threshold. */
const COMPACT_LOG_BYTES = 1024 * 1024;
const COMPACT_LOG_UPDATES = 500;

/** A document's default size limit, when the `DOCUMENT_QUOTA_BYTES` var is not set. */
const DEFAULT_QUOTA_BYTES = 16 * 1024 * 1024;

/**
 * What a socket carries through hibernation: the awareness client ids it
 * controls (so closing it removes only those) and, when it fits, their last
 * awareness update, so cursors come back when the object wakes.
 */
interface SocketAttachment {
  /** Set by the Worker after it checked the session and the workspace role. */
  userId: string;
  role: Role;
  /** The session's token hash (so signing out closes this socket) and where the file lives. */
  sessionHash?: string;
  workspaceId?: string;
  fileId?: string;
  /** The client asked for a `saved` message after each stored update. */
  acks?: boolean;
  /** Who the session says this is; stamped on the socket's awareness states. */
  user?: { id: string; name: string; color: string };
  /** Set once this socket's close was reported, so it is reported only once. */
  reportedClosed?: boolean;
  clientIds: number[];
  /** Last encoded awareness update for `clientIds`, base64; absent if too big. */
  awareness?: string;
}

/** serializeAttachment refuses values over 2,048 bytes; keep headroom for ids. */
const MAX_ATTACHED_AWARENESS_CHARS = 1000;

/** Texts sent as the close reason; short, because close reasons are capped at 123 bytes. */
const CloseReason = {
  textFrame: "expected a binary y-protocols frame, got text",
  tooLarge: `frame larger than ${MAX_FRAME_BYTES} bytes`,
  flooding: "sending faster than a socket may (see README, Security)",
  tooManyClients: "an awareness update may name at most 64 clients",
  badStateVector: "sync step 1 carried a malformed state vector",
  badUpdate: "the Yjs update could not be decoded",
  updateFailed: "the Yjs update could not be applied",
  storageFailed: "the update could not be stored; retry",
} as const;

/**
 * One Yjs document: its sockets (hibernation API only), the y-websocket
 * protocol, and its update log in SQLite. Every update is in SQLite before it
 * is broadcast, and the document is rebuilt from SQLite on every wake.
 */
export class DocumentObject extends DurableObject<Env> {
  #doc = new Y.Doc({ gc: true });
  #awareness!: awarenessProtocol.Awareness;
  #purged = false;
  /** The lock as last read or written; undefined until first read. */
  #lock: LockState | undefined;
  /** The presence reports to user objects, sent in order (see `#reportPresence`). */
  #presenceReports: Promise<void> = Promise.resolve();
  readonly #store = new DocumentStore(this.ctx.storage);
  readonly #versions = new VersionStore(this.ctx.storage);
  readonly #messageBudget = new MessageBudget(SOCKET_BUDGET);
  readonly #scheduler = new AlarmScheduler(this.ctx.storage, {
    "lock-expiry": () => this.#expireLock(),
    compact: () => void this.compact(),
    "auto-version": () => this.#saveAutoVersion("After a spell of editing"),
  });

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Pings are answered by the runtime, so idle clients never wake the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
    startUp(ctx, () => {
      applyMigrations(ctx.storage, documentMigrations);
      this.#doc = this.#loadDocument();
      this.#awareness = this.#restoreAwareness();
    });
  }

  override async alarm(): Promise<void> {
    await this.#scheduler.runDue();
  }

  /** The file's lock, or null. An expired lock is already null, even before its alarm. */
  lockState(): LockState {
    // Read from SQLite once per instance; every change goes through #setLock.
    if (this.#lock === undefined) this.#lock = this.#readLock();
    return this.#lock && this.#lock.expiresAt > Date.now() ? this.#lock : null;
  }

  #readLock(): LockState {
    const row = this.ctx.storage.sql
      .exec<{ holder_id: string; holder_name: string; acquired_at: number; expires_at: number }>(
        "SELECT holder_id, holder_name, acquired_at, expires_at FROM lock",
      )
      .toArray()[0];
    if (!row) return null;
    return {
      holder: { id: row.holder_id, name: row.holder_name },
      acquiredAt: row.acquired_at,
      expiresAt: row.expires_at,
    };
  }

  /**
   * Locks the file for `caller` for `leaseMs`, or renews their own lock.
   * Someone else's live lock is a 409 that names them. Viewers cannot lock.
   */
  async lock(
    caller: LockCaller,
    leaseMs: number,
    options: { renewOnly?: boolean } = {},
  ): Promise<Outcome<LockState>> {
    if (!canWrite(caller.role)) return forbidden("Viewers cannot lock this file.");
    const current = this.lockState();
    if (current && current.holder.id !== caller.id) return heldBy(current);
    if (!current && options.renewOnly)
      return conflict("You do not hold the lock on this file; lock it again.");
    const now = Date.now();
    const expiresAt = now + leaseMs;
    this.ctx.storage.sql.exec(
      `INSERT INTO lock (singleton, holder_id, holder_name, acquired_at, expires_at) VALUES (1, ?, ?, ?, ?)
       ON CONFLICT (singleton) DO UPDATE SET holder_id = excluded.holder_id,
         holder_name = excluded.holder_name, expires_at = excluded.expires_at,
         acquired_at = CASE WHEN lock.holder_id = excluded.holder_id AND lock.expires_at > ?
                            THEN lock.acquired_at ELSE excluded.acquired_at END`,
      caller.id,
      caller.name,
      now,
      expiresAt,
      now,
    );
    this.#lock = undefined;
    await this.#scheduler.schedule("lock-expiry", "lock", expiresAt);
    this.#broadcastLock();
    return ok(this.lockState());
  }

  /** Releases the caller's own lock; an owner may break anyone's. */
  async unlock(caller: LockCaller): Promise<Outcome<LockState>> {
    const current = this.lockState();
    if (!current) return ok(null);
    if (current.holder.id !== caller.id && caller.role !== "owner") return heldBy(current);
    this.ctx.storage.sql.exec("DELETE FROM lock");
    this.#lock = undefined;
    await this.#scheduler.cancel("lock-expiry", "lock");
    this.#broadcastLock();
    return ok(null);
  }

  /** From the alarm: drops a lock whose lease ran out. Idempotent. */
  #expireLock(): void {
    const row = this.ctx.storage.sql
      .exec<{ expires_at: number }>("SELECT expires_at FROM lock")
      .toArray()[0];
    if (!row) return;
    if (row.expires_at > Date.now()) {
      // Renewed since; the renewal scheduled its own expiry.
      return;
    }
    this.ctx.storage.sql.exec("DELETE FROM lock");
    this.#lock = undefined;
    this.#broadcastLock();
  }

  #broadcastLock(ws?: WebSocket): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageTag.lock);
    encoding.writeVarString(encoder, JSON.stringify(this.lockState()));
    const message = encoding.toUint8Array(encoder);
    if (ws) ws.send(message);
    else this.#broadcast(message);
  }

  /** The only HTTP entry: the WebSocket upgrade (the Worker has validated the path). */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return new Response("Expected a WebSocket upgrade", { status: 426 });
    }
    if (this.#purged) return new Response("This file was deleted.", { status: 404 });
    // Only the Worker reaches this object, and it grants the socket after
    // checking the session and role; a request without a grant is refused (fail closed).
    const grant = readGrant(request);
    if (!grant.ok || !grant.value.access) {
      return new Response("Missing the caller's identity", { status: 403 });
    }
    const { user, sessionHash, access } = grant.value;
    const { role, workspaceId, fileId } = access;
    const userId = user.id;
    const acks = new URL(request.url).searchParams.get("acks") === "1" || undefined;
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    this.#attach(server, {
      userId,
      role,
      sessionHash,
      workspaceId,
      fileId,
      user,
      acks,
      clientIds: [],
    });
    this.#reportPresence(server, "opened");
    this.#greet(server);
    return new Response(null, { status: 101, webSocket: client });
  }

  /**
   * A member's role changed (or they were removed: `null`). Their sockets
   * here follow at once: closed with 4403, or carrying the new role, told
   * with Quire's `role` message so the app can switch to read-only.
   */
  setMemberRole(userId: string, role: Role | null): void {
    for (const ws of this.ctx.getWebSockets()) {
      const attachment = this.#attachment(ws);
      if (attachment.userId !== userId) continue;
      if (role === null) {
        this.#reject(ws, CloseCode.forbidden, "You were removed from this workspace.");
        continue;
      }
      this.#attach(ws, { ...attachment, role });
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageTag.role);
      encoding.writeVarString(encoder, role);
      ws.send(encoding.toUint8Array(encoder));
    }
  }

  /**
   * A member renamed themselves or chose another colour (issue 12 item 6):
   * their sockets here stamp the new name from now on, and their cursors
   * are stamped again and sent to everyone at once, whatever their tabs do.
   */
  setMemberProfile(userId: string, profile: { name: string; color: string }): void {
    for (const ws of this.ctx.getWebSockets()) {
      const attachment = this.#attachment(ws);
      if (attachment.userId !== userId || !attachment.user) continue;
      const user = { ...attachment.user, ...profile };
      const entries: AwarenessEntry[] = [];
      for (const clientId of attachment.clientIds) {
        const state = this.#awareness.getStates().get(clientId);
        const meta = this.#awareness.meta.get(clientId);
        if (!state || !meta) continue;
        const stamped = { ...stampedUser(state.user), ...user };
        entries.push({ clientId, clock: meta.clock + 1, state: { ...state, user: stamped } });
      }
      if (entries.length > 0) {
        const update = encodeAwarenessEntries(entries);
        awarenessProtocol.applyAwarenessUpdate(this.#awareness, update, ws);
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MessageTag.awareness);
        encoding.writeVarUint8Array(encoder, update);
        this.#broadcast(encoding.toUint8Array(encoder));
      }
      this.#attach(ws, { ...attachment, user });
    }
  }

  /** Closes every socket of one user id with `code` and `reason` (a revoked visitor link). */
  closeUser(userId: string, code: CloseCode, reason: string): void {
    for (const ws of this.ctx.getWebSockets()) {
      if (this.#attachment(ws).userId === userId) this.#reject(ws, code, reason);
    }
  }

  /** Closes the sockets of one session, when its person signs out. */
  closeSession(sessionHash: string): void {
    for (const ws of this.ctx.getWebSockets()) {
      if (this.#attachment(ws).sessionHash !== sessionHash) continue;
      this.#reject(ws, CloseCode.unauthorized, "You signed out.");
    }
  }

  /** Closes every socket, for example when the file goes to the trash. */
  disconnectAll(code: CloseCode, reason: string): void {
    closeAll(this.ctx.getWebSockets(), code, reason);
  }

  /**
   * Wipes the document for good (its file was purged from the trash): every
   * socket is closed and the storage deleted. Idempotent, so a cascade that
   * resumes after a crash can call it again.
   */
  async purge(): Promise<void> {
    this.disconnectAll(CloseCode.notFound, "This file was deleted.");
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.#doc.destroy();
    this.#doc = new Y.Doc({ gc: true });
    this.#awareness = this.#restoreAwareness();
    // The tables are gone with the data: refuse sockets until the object is
    // evicted (the Worker stops routing to a purged file anyway).
    this.#purged = true;
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    // Frames already queued when this object closed the socket (a refusal,
    // a removal) must not be handled with the role it had.
    if (ws.readyState !== WebSocket.OPEN) return;
    const bytes = typeof message === "string" ? message.length * 3 : message.byteLength;
    if (!this.#messageBudget.take(ws, bytes)) {
      return this.#reject(ws, CloseCode.rateLimited, CloseReason.flooding);
    }
    if (typeof message === "string") {
      return this.#reject(ws, CloseCode.badMessage, CloseReason.textFrame);
    }
    if (message.byteLength > MAX_FRAME_BYTES) {
      return this.#reject(ws, CloseCode.tooLarge, CloseReason.tooLarge);
    }
    const parsed = parseClientFrame(new Uint8Array(message));
    if (!parsed.ok) return this.#reject(ws, CloseCode.badMessage, parsed.reason);

    const frame = parsed.frame;
    switch (frame.type) {
      case "sync-step1":
        return this.#answerStep1(ws, frame.stateVector);
      case "sync-step2":
      case "sync-update":
        if (!this.#maySave(ws)) return this.#refuseWrite(ws, frame.update);
        return this.#receiveUpdate(ws, frame.update);
      case "awareness":
        // One tab controls one client id; a frame naming more than a few is
        // not from an editor, and its ids could not be kept with the socket.
        if (frame.entries.length > MAX_AWARENESS_ENTRIES) {
          return this.#reject(ws, CloseCode.badMessage, CloseReason.tooManyClients);
        }
        return this.#receiveAwareness(ws, frame.update, frame.entries);
      case "query-awareness":
        return this.#sendAllAwareness(ws);
      default:
        frame satisfies never;
    }
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    this.#forget(ws);
    // The last person left: fold the log while nobody is waiting.
    const others = this.ctx.getWebSockets().filter((other) => other !== ws);
    if (others.length === 0 && !this.#purged) {
      this.#saveAutoVersion("When everyone had left");
      if (this.#store.stats().logUpdates > 0) await this.#scheduleCompaction(0);
    }
    answerClose(ws, code, reason);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.#forget(ws);
  }

  /** On connect, as the y-websocket server does: our state vector, then who is here. */
  #greet(ws: WebSocket): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageTag.sync);
    syncProtocol.writeSyncStep1(encoder, this.#doc);
    ws.send(encoding.toUint8Array(encoder));
    this.#sendAllAwareness(ws);
    if (this.lockState()) this.#broadcastLock(ws);
  }

  #answerStep1(ws: WebSocket, stateVector: Uint8Array): void {
    let missing: Uint8Array;
    try {
      missing = Y.encodeStateAsUpdate(this.#doc, stateVector);
    } catch {
      return this.#reject(ws, CloseCode.badMessage, CloseReason.badStateVector);
    }
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageTag.sync);
    encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
    encoding.writeVarUint8Array(encoder, missing);
    ws.send(encoding.toUint8Array(encoder));
  }

  /**
   * Stores an update, then applies and relays it. The insert and the apply
   * share one transaction: an update that fails to apply is rolled back and
   * the in-memory document is rebuilt from SQLite, so storage never changes.
   */
  #receiveUpdate(ws: WebSocket, update: Uint8Array): void {
    let decoded: ReturnType<typeof Y.decodeUpdate>;
    try {
      decoded = Y.decodeUpdate(update);
      // lib0 reads a varint past 2^53 rounded, and may not read the rounded
      // number back ("Integer out of Range"). Kept, such a number would be in
      // every state vector and snapshot this document writes, so an update
      // must also decode once Yjs has written it again (the merge rewrites it).
      Y.decodeUpdate(Y.mergeUpdates([update, NO_CHANGES]));
    } catch {
      return this.#reject(ws, CloseCode.badMessage, CloseReason.badUpdate);
    }
    // A client's sync step 2 is usually empty; there is nothing to store or relay.
    if (decoded.structs.length === 0 && decoded.ds.clients.size === 0) return this.#acknowledge(ws);

    const stats = this.#store.stats();
    const quota = this.#quotaBytes();
    if (stats.logBytes + stats.snapshotBytes + update.byteLength > quota) {
      return this.#reject(
        ws,
        CloseCode.tooLarge,
        `this document is at its ${Math.round(quota / 1024 / 1024)} MB limit; the change was not saved`,
      );
    }

    let stored = false;
    try {
      const author = this.#attachment(ws);
      this.ctx.storage.transactionSync(() => {
        this.#store.append(update);
        this.#versions.noteAuthor(author.userId, author.user?.name ?? "Someone");
        stored = true;
        Y.applyUpdate(this.#doc, update, ws);
      });
    } catch {
      this.#reloadDocument();
      return stored
        ? this.#reject(ws, CloseCode.badMessage, CloseReason.updateFailed)
        : this.#reject(ws, CloseCode.internalError, CloseReason.storageFailed);
    }

    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageTag.sync);
    syncProtocol.writeUpdate(encoder, update);
    this.#broadcast(encoding.toUint8Array(encoder), ws);
    this.#acknowledge(ws);
    if (
      stats.logBytes + update.byteLength > COMPACT_LOG_BYTES ||
      stats.logUpdates + 1 > COMPACT_LOG_UPDATES
    ) {
      void this.#scheduleCompaction(1000);
    }
    if (this.#scheduler.scheduledAt("auto-version", "activity") === undefined) {
      void this.#scheduler.schedule("auto-version", "activity", Date.now() + AUTO_VERSION_AFTER_MS);
    }
  }

  /**
   * Folds the log into one chunked snapshot (see DocumentStore). Runs from
   * the alarm; exposed for tools and tests.
   */
  compact(): { stateBytes: number } {
    // `encodeStateAsUpdate` already includes Yjs's pending structs and
    // deletes (updates still waiting for what they depend on), converted to
    // the v1 format, so nothing received is dropped by trimming the log.
    // Adding `store.pendingStructs.update` again, as this once did, fed Yjs's
    // internal v2 buffer to the v1 merge: it threw ("Integer out of Range",
    // "Unexpected end of array") or wrote a snapshot that could not load.
    const state = Y.encodeStateAsUpdate(this.#doc);
    // The snapshot replaces the log, so it must load back as this document
    // before it is written: one that cannot be read would lose the document.
    try {
      if (textOf(state) !== this.#doc.getText(DOCUMENT_TEXT_NAME).toString()) {
        throw new Error("its text differs from the document's");
      }
    } catch (cause) {
      throw new SnapshotCheckError("a snapshot that does not load back was refused; log kept", {
        cause,
      });
    }
    const store = this.#doc.store;
    const isEmpty = store.clients.size === 0 && !store.pendingStructs && !store.pendingDs;
    try {
      this.#store.compact(this.ctx.storage, state, isEmpty);
    } catch (error) {
      if (error instanceof EmptyCompactionError) console.error(error.message);
      else throw error;
    }
    return { stateBytes: state.byteLength };
  }

  /** What the document stores, and the size of its encoded state. */
  storageStats() {
    return { ...this.#store.stats(), stateBytes: Y.encodeStateAsUpdate(this.#doc).byteLength };
  }

  /** The file's text, for export. */
  exportText(): string {
    return this.#doc.getText(DOCUMENT_TEXT_NAME).toString();
  }

  /** Every version, newest first. */
  versions(): VersionInfo[] {
    return this.#versions.list();
  }

  /** A version and its text, for a read-only preview. */
  version(versionId: string): Outcome<VersionPreview> {
    const found = this.#versions.get(versionId);
    if (!found) return notFound("There is no such version of this file.");
    return ok({ version: found.info, text: textOf(found.state) });
  }

  /** Saves the document as it is now under a person's name for it. */
  saveVersion(caller: LockCaller, name: string): Outcome<VersionInfo> {
    if (!canWrite(caller.role)) return forbidden("Viewers cannot save versions of this file.");
    if (this.#versions.namedCount() >= MAX_NAMED_VERSIONS) {
      return conflict(`This file has ${MAX_NAMED_VERSIONS} named versions, the most it keeps.`);
    }
    const state = Y.encodeStateAsUpdate(this.#doc);
    if (this.#versions.bytes() + state.byteLength > this.#versionBudgetBytes()) {
      return tooLarge("This file's version history is full; its newest versions are kept.");
    }
    return ok(
      this.#versions.save(state, {
        kind: "named",
        name,
        createdBy: { id: caller.id, name: caller.name },
      }),
    );
  }

  /**
   * Makes the text what it was in a version, as a new change on top of the
   * current one: everyone connected sees it live, and the state just before
   * is saved as a version first, so restoring that one undoes this. Refused
   * to viewers and, while the file is locked, to everyone but the holder.
   */
  restoreVersion(caller: LockCaller, versionId: string): Outcome<RestoreResult> {
    if (!canWrite(caller.role)) return forbidden("Viewers cannot restore versions of this file.");
    const lock = this.lockState();
    if (lock && lock.holder.id !== caller.id) return heldBy(lock);
    const found = this.#versions.get(versionId);
    if (!found) return notFound("There is no such version of this file.");

    const undo = this.#versions.save(Y.encodeStateAsUpdate(this.#doc), {
      kind: "auto",
      name: `Before restoring “${found.info.name}”`,
      createdBy: { id: caller.id, name: caller.name },
    });
    const target = textOf(found.state);
    const before = Y.encodeStateVector(this.#doc);
    let update: Uint8Array;
    try {
      update = this.ctx.storage.transactionSync(() => {
        this.#doc.transact(() => replaceText(this.#doc.getText(DOCUMENT_TEXT_NAME), target));
        const change = Y.encodeStateAsUpdate(this.#doc, before);
        this.#store.append(change);
        this.#versions.noteAuthor(caller.id, caller.name);
        return change;
      });
    } catch (error) {
      this.#reloadDocument();
      throw error;
    }
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageTag.sync);
    syncProtocol.writeUpdate(encoder, update);
    this.#broadcast(encoding.toUint8Array(encoder));
    return ok({ restored: found.info, undo });
  }

  /** From the alarm, or when the last person leaves: a version, if anything changed since the last. */
  #saveAutoVersion(name: string): void {
    if (this.#purged || !this.#versions.changedSinceLastVersion()) return;
    const state = Y.encodeStateAsUpdate(this.#doc);
    this.#versions.save(state, { kind: "auto", name });
  }

  /** Versions may take this much besides the document (four times its quota). */
  #versionBudgetBytes(): number {
    return 4 * this.#quotaBytes();
  }

  async #scheduleCompaction(delayMs: number): Promise<void> {
    if (this.#scheduler.scheduledAt("compact", "log") !== undefined) return;
    await this.#scheduler.schedule("compact", "log", Date.now() + delayMs);
  }

  #quotaBytes(): number {
    const configured = Number(this.env.DOCUMENT_QUOTA_BYTES);
    return Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_QUOTA_BYTES;
  }

  /**
   * Tells a client that asked for acknowledgements (`?acks=1`) that its last
   * update is stored. Sent after the SQLite transaction, once per update, in
   * order, so the app can count what is not yet saved. Stock y-websocket
   * clients never ask, so they never see this tag.
   */
  #acknowledge(ws: WebSocket): void {
    if (!this.#attachment(ws).acks) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageTag.saved);
    ws.send(encoding.toUint8Array(encoder));
  }

  /**
   * Applies and relays an awareness update after making it honest: the
   * server stamps the sender's identity (id, name and colour from the
   * session) over whatever `user` the client claimed, and drops entries for
   * client ids that another socket controls, so nobody can appear as, or
   * erase, someone else.
   */
  #receiveAwareness(ws: WebSocket, _update: Uint8Array, entries: AwarenessEntry[]): void {
    const attachment = this.#attachment(ws);
    // A client id held by another person's socket is theirs. One held by an
    // older socket of the same person (a tab that reconnected before the
    // server saw the old socket close) moves to this socket, so the old
    // socket's close no longer removes it.
    const takenByOthers = new Set<number>();
    for (const other of this.ctx.getWebSockets()) {
      if (other === ws) continue;
      const held = this.#attachment(other);
      const claimed = entries.filter((entry) => held.clientIds.includes(entry.clientId));
      if (claimed.length === 0) continue;
      if (held.userId === attachment.userId) {
        const moved = new Set(claimed.map((entry) => entry.clientId));
        this.#attach(other, { ...held, clientIds: held.clientIds.filter((id) => !moved.has(id)) });
      } else {
        for (const entry of claimed) takenByOthers.add(entry.clientId);
      }
    }
    const stamp = attachment.user;
    const honest = entries
      .filter((entry) => !takenByOthers.has(entry.clientId))
      .map((entry) =>
        entry.state === null || !stamp
          ? entry
          : {
              ...entry,
              state: { ...entry.state, user: { ...stampedUser(entry.state.user), ...stamp } },
            },
      );
    if (honest.length === 0) return;
    const update = encodeAwarenessEntries(honest);
    awarenessProtocol.applyAwarenessUpdate(this.#awareness, update, ws);

    // Whether a state is left decides, not the entry: a frame may name a
    // client twice, or "leave" with an old clock that the awareness ignores,
    // and a state nobody controls would never be removed (a ghost cursor).
    const controlled = new Set(attachment.clientIds);
    for (const { clientId } of honest) {
      if (this.#awareness.getStates().has(clientId)) controlled.add(clientId);
      else controlled.delete(clientId);
    }
    this.#attach(ws, { ...attachment, clientIds: [...controlled] });

    // Relayed to everyone, the sender included, as the y-websocket server does:
    // a stock client treats that echo as proof the connection is alive.
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageTag.awareness);
    encoding.writeVarUint8Array(encoder, update);
    this.#broadcast(encoding.toUint8Array(encoder));
  }

  #sendAllAwareness(ws: WebSocket): void {
    const clientIds = [...this.#awareness.getStates().keys()];
    if (clientIds.length === 0) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageTag.awareness);
    encoding.writeVarUint8Array(
      encoder,
      awarenessProtocol.encodeAwarenessUpdate(this.#awareness, clientIds),
    );
    ws.send(encoding.toUint8Array(encoder));
  }

  /** Removes only this socket's awareness states and tells everyone else. */
  #forget(ws: WebSocket): void {
    this.#reportPresence(ws, "closed");
    const { clientIds } = this.#attachment(ws);
    const present = clientIds.filter((id) => this.#awareness.getStates().has(id));
    if (present.length === 0) return;
    awarenessProtocol.removeAwarenessStates(this.#awareness, present, ws);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageTag.awareness);
    encoding.writeVarUint8Array(
      encoder,
      awarenessProtocol.encodeAwarenessUpdate(this.#awareness, present),
    );
    this.#broadcast(encoding.toUint8Array(encoder), ws);
  }

  /** A writer may save unless someone else holds a live lock on the file. */
  #maySave(ws: WebSocket): boolean {
    const { role, userId } = this.#attachment(ws);
    if (!canWrite(role)) return false;
    const lock = this.lockState();
    return !lock || lock.holder.id === userId;
  }

  /**
   * A viewer's update, or one from someone other than the lock's holder, is
   * never applied or stored. An empty one (the usual
   * sync step 2 of a client with nothing new) is fine; otherwise the client
   * hears y-protocols' "permission denied", which a stock client logs.
   */
  #refuseWrite(ws: WebSocket, update: Uint8Array): void {
    try {
      const decoded = Y.decodeUpdate(update);
      if (decoded.structs.length === 0 && decoded.ds.clients.size === 0)
        return this.#acknowledge(ws);
    } catch {
      return this.#reject(ws, CloseCode.badMessage, CloseReason.badUpdate);
    }
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageTag.auth);
    authProtocol.writePermissionDenied(
      encoder,
      canWrite(this.#attachment(ws).role)
        ? "this file is locked by someone else"
        : "viewers cannot edit this document",
    );
    ws.send(encoding.toUint8Array(encoder));
  }

  /** Closes one offending socket; the object and every other socket go on. */
  #reject(ws: WebSocket, code: CloseCode, reason: string): void {
    this.#forget(ws);
    closeQuietly(ws, code, reason);
  }

  /**
   * Tells the person's user object that this session opened or closed this
   * file: that is their presence ("which file is open"), and what lets
   * signing out find and close this socket. Once per socket, in the
   * background, so a slow user object never delays the document.
   */
  #reportPresence(ws: WebSocket, change: "opened" | "closed"): void {
    const attachment = this.#attachment(ws);
    const { userId, sessionHash, workspaceId, fileId } = attachment;
    if (!sessionHash || !workspaceId || !fileId) return;
    if (change === "closed") {
      if (attachment.reportedClosed) return;
      try {
        this.#attach(ws, { ...attachment, reportedClosed: true });
      } catch {
        // The socket is gone; its close is reported only from here anyway.
      }
    }
    const user = this.env.USERS.get(this.env.USERS.idFromName(userId));
    const report = { sessionHash, workspaceId, fileId };
    // One after another: a socket that closes at once (a tab that reloads)
    // must not have its "closed" overtake its "opened", which would leave the
    // person shown in the file for good. An object that hibernated has no
    // report in flight, so keeping the queue in memory loses nothing.
    this.#presenceReports = this.#presenceReports
      .then(() => (change === "opened" ? user.documentOpened(report) : user.documentClosed(report)))
      .catch((error: unknown) => console.error(`presence report (${change}) failed`, error));
    this.ctx.waitUntil(this.#presenceReports);
  }

  #broadcast(message: Uint8Array, except?: WebSocket): void {
    broadcast(this.ctx.getWebSockets(), message, except);
  }

  /**
   * Drops whatever a failed apply left in memory. Destroying the doc also
   * destroys its Awareness, so its states are carried over: rebuilt from the
   * attachments alone, the state of a socket that is closing (no longer in
   * `getWebSockets`, its close not yet handled) would vanish without its
   * removal ever being sent, and stay on every client as a ghost cursor.
   */
  #reloadDocument(): void {
    const clientIds = [...this.#awareness.getStates().keys()];
    const states = awarenessProtocol.encodeAwarenessUpdate(this.#awareness, clientIds);
    // Loaded before the old one goes: if loading throws, the object keeps a document.
    const reloaded = this.#loadDocument();
    this.#doc.destroy();
    this.#doc = reloaded;
    this.#awareness = this.#restoreAwareness();
    awarenessProtocol.applyAwarenessUpdate(this.#awareness, states, null);
  }

  #loadDocument(): Y.Doc {
    const doc = new Y.Doc({ gc: true });
    // One by one, in the order they were stored, as the live document applied
    // them: merged first, updates that disagree about the same items (a
    // forged or broken client's, found by fuzzing) can fail to apply
    // although each applied in turn, and the document would not open again.
    // One transaction around them all: Yjs cleans up and merges once.
    const updates = this.#store.load();
    doc.transact(() => {
      for (const update of updates) Y.applyUpdate(doc, update);
    });
    return doc;
  }

  /**
   * A fresh Awareness with the states the open sockets carried through
   * hibernation. y-protocols starts a 30 s interval to expire silent clients;
   * it is cleared because a timer would keep the object awake, and a state
   * here lives exactly as long as its socket.
   */
  #restoreAwareness(): awarenessProtocol.Awareness {
    const awareness = new awarenessProtocol.Awareness(this.#doc);
    clearInterval(awareness._checkInterval);
    awareness.setLocalState(null);
    for (const ws of this.ctx.getWebSockets()) {
      const stored = this.#attachment(ws).awareness;
      if (stored) awarenessProtocol.applyAwarenessUpdate(awareness, base64ToBytes(stored), ws);
    }
    return awareness;
  }

  #attachment(ws: WebSocket): SocketAttachment {
    // Every accepted socket gets an attachment in fetch() before any message.
    return ws.deserializeAttachment() as SocketAttachment;
  }

  /** Stores the socket's client ids and, when small enough, their awareness states. */
  #attach(ws: WebSocket, attachment: SocketAttachment): void {
    const { clientIds } = attachment;
    const known = clientIds.filter((id) => this.#awareness?.getStates().has(id));
    let awareness: string | undefined;
    if (known.length > 0) {
      const encoded = bytesToBase64(
        awarenessProtocol.encodeAwarenessUpdate(this.#awareness, known),
      );
      if (encoded.length <= MAX_ATTACHED_AWARENESS_CHARS) awareness = encoded;
    }
    ws.serializeAttachment({ ...attachment, awareness } satisfies SocketAttachment);
  }
}

/** Compaction refused to store a snapshot that does not load back as the document. */
class SnapshotCheckError extends Error {
  override name = "SnapshotCheckError";
}

/** Who asks for a lock: the Worker passes the session's user and their role. */
export interface LockCaller {
  id: string;
  name: string;
  role: Role;
}

/** The text of an encoded document state. */
function textOf(state: Uint8Array): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const text = doc.getText(DOCUMENT_TEXT_NAME).toString();
  doc.destroy();
  return text;
}

function heldBy(lock: NonNullable<LockState>) {
  const until = new Date(lock.expiresAt).toISOString();
  return conflict(`${lock.holder.name} holds the lock on this file until ${until}.`);
}

/**
 * The client's own `user` fields (y-codemirror.next reads `colorLight` for
 * selections) kept only when they are plain strings; identity fields are
 * overwritten by the caller.
 */
function stampedUser(claimed: unknown): Record<string, string> {
  if (typeof claimed !== "object" || claimed === null) return {};
  const colorLight = (claimed as { colorLight?: unknown }).colorLight;
  return typeof colorLight === "string" && colorLight.length <= 32 ? { colorLight } : {};
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function base64ToBytes(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}
