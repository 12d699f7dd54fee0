import { DurableObject } from "cloudflare:workers";
import type {
  EditCommentBody,
  NewThreadBody,
  ReplyBody,
  ThreadEvent,
  ThreadInfo,
} from "../../shared/api/comments.ts";
import type { LockState } from "../../shared/api/lock.ts";
import type { RestoreResult, VersionInfo, VersionPreview } from "../../shared/api/versions.ts";
import { DOCUMENT_TEXT_NAME } from "../../shared/protocol/document-text.ts";
import { encodeServerFrame } from "../../shared/protocol/server-frames.ts";
import { CloseCode } from "../../shared/errors.ts";
import { canWrite, type Role } from "../../shared/roles.ts";
import { type Commenter, CommentStore, commentsMigration } from "../document/comments.ts";
import { documentStoreMigration, updateLogMigration } from "../document/document-store.ts";
import { AUTO_VERSION_EVENT, DocumentHistory } from "../document/history.ts";
import {
  DocumentLock,
  LOCK_EXPIRY_EVENT,
  LOCK_HOLDER_AWAY_EVENT,
  type LockCaller,
  lockMigration,
} from "../document/lock.ts";
import {
  type FileAddress,
  LockReport,
  lockReportMigration,
  REPORT_LOCK_EVENT,
} from "../document/lock-report.ts";
import { PresenceReports } from "../document/presence-reports.ts";
import {
  REPORT_SEARCH_EVENT,
  SearchReport,
  searchReportMigration,
} from "../document/search-report.ts";
import { readSocketState, type SocketState } from "../document/socket-state.ts";
import { COMPACT_EVENT, DocumentStorage } from "../document/storage.ts";
import { SyncRoom } from "../document/sync-room.ts";
import { VersionStore, versionStoreMigration } from "../document/version-store.ts";
import { readGrant } from "../lib/grant.ts";
import { applyMigrations, type Migration } from "../lib/migrations.ts";
import type { Outcome } from "../lib/outcome.ts";
import { AlarmScheduler, schedulerMigration } from "../lib/scheduler.ts";
import { answerClose, broadcast } from "../lib/sockets.ts";
import { startUp } from "../lib/start-up.ts";

export type { LockCaller } from "../document/lock.ts";

/** Append-only schema of a document's SQLite (see `applyMigrations`). */
export const documentMigrations: readonly Migration[] = [
  updateLogMigration,
  schedulerMigration,
  lockMigration,
  documentStoreMigration,
  versionStoreMigration,
  lockReportMigration,
  searchReportMigration,
  commentsMigration,
];

/** A document's default size limit, when the `DOCUMENT_QUOTA_BYTES` var is not set. */
const DEFAULT_QUOTA_BYTES = 16 * 1024 * 1024;

/**
 * One file's Durable Object: a thin adapter that wires the runtime (its
 * hibernating sockets, its alarm, its SQLite) to the document engine in
 * `worker/document/`: the sync room (y-protocols, relay, cursors), storage
 * (log, snapshots, compaction, quota), the lock and the version history.
 * Every update is in SQLite before it is relayed, and the document is
 * rebuilt from SQLite on every wake.
 */
export class DocumentObject extends DurableObject<Env> {
  #purged = false;
  readonly #scheduler: AlarmScheduler;
  readonly #storage: DocumentStorage;
  readonly #lock: DocumentLock;
  readonly #lockReport: LockReport;
  readonly #room: SyncRoom;
  readonly #history: DocumentHistory;
  readonly #searchReport: SearchReport;
  readonly #comments: CommentStore;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Pings are answered by the runtime, so idle clients never wake the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
    this.#scheduler = new AlarmScheduler(ctx.storage, {
      [LOCK_EXPIRY_EVENT]: () => this.#lock.expire(),
      [LOCK_HOLDER_AWAY_EVENT]: () => this.#lock.holderAway(),
      [REPORT_LOCK_EVENT]: () => this.#lockReport.send(),
      [COMPACT_EVENT]: () => void this.compact(),
      [AUTO_VERSION_EVENT]: () => this.#saveAutoVersion("After a spell of editing"),
      [REPORT_SEARCH_EVENT]: () => this.#searchReport.send(),
    });
    const versions = new VersionStore(ctx.storage);
    const quotaBytes = quotaFrom(env);
    this.#storage = new DocumentStorage(ctx.storage, versions, this.#scheduler, quotaBytes);
    this.#lock = new DocumentLock(
      ctx.storage,
      this.#scheduler,
      async () => {
        this.#room.sendLock();
        await this.#lockReport.changed();
      },
      (holderId, leaving) => this.#hasSocketOf(holderId, leaving),
    );
    this.#lockReport = new LockReport({
      storage: ctx.storage,
      scheduler: this.#scheduler,
      env,
      lock: () => this.#lock.state(),
    });
    this.#room = new SyncRoom({
      sockets: () => ctx.getWebSockets(),
      storage: this.#storage,
      lock: this.#lock,
      presence: new PresenceReports(ctx, env.USERS),
      edited: () => {
        this.#history.noteEdit();
        void this.#searchReport.edited();
      },
      keepAlive: (until) => ctx.waitUntil(until),
    });
    this.#searchReport = new SearchReport({
      storage: ctx.storage,
      scheduler: this.#scheduler,
      env,
      text: () => this.exportText(),
    });
    this.#history = new DocumentHistory({
      versions,
      scheduler: this.#scheduler,
      room: this.#room,
      lock: this.#lock,
      // Versions may take four times the document's quota besides it.
      budgetBytes: 4 * quotaBytes,
      announce: (frame) => broadcast(ctx.getWebSockets(), encodeServerFrame(frame)),
    });
    this.#comments = new CommentStore(ctx.storage, () =>
      this.#room.doc.getText(DOCUMENT_TEXT_NAME),
    );
    startUp(ctx, () => {
      applyMigrations(ctx.storage, documentMigrations);
      this.#room.load();
    });
  }

  /** The only HTTP entry: the WebSocket upgrade (the Worker has validated the path). */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return new Response("Expected a WebSocket upgrade", { status: 426 });
    }
    if (this.#purged) return new Response("This file was deleted.", { status: 404 });
    const state = socketStateFromUpgrade(request);
    if (!state) return new Response("Missing the caller's identity", { status: 403 });
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    this.#room.connect(server, state);
    // The search index learns of the file's project from its socket's path.
    await this.#searchReport.opened(new URL(request.url).pathname);
    // The lock's holder is back within the minute: their lock stays.
    await this.#lock.followHolder();
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    this.#room.receive(ws, message);
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    this.#room.leave(ws);
    if (!this.#purged) await this.#lock.followHolder(ws);
    // The last person left: fold the log while nobody is waiting.
    const others = this.ctx.getWebSockets().filter((other) => other !== ws);
    if (others.length === 0 && !this.#purged) {
      this.#room.flush();
      this.#saveAutoVersion("When everyone had left");
      await this.#storage.compactSoon();
    }
    answerClose(ws, code, reason);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.#room.leave(ws);
    if (!this.#purged) await this.#lock.followHolder(ws);
  }

  override async alarm(): Promise<void> {
    await this.#scheduler.runDue();
  }

  /** The file's lock, or null. An expired lock is already null, even before its alarm. */
  lockState(): LockState {
    return this.#lock.state();
  }

  /**
   * Locks the file for `caller` for `leaseMs`, or renews their own lock.
   * Someone else's live lock is a 409 that names them. Viewers cannot lock.
   * `where` names the file's project, which is told (for the file tree).
   */
  lock(
    caller: LockCaller,
    leaseMs: number,
    options: { renewOnly?: boolean; where?: FileAddress } = {},
  ): Promise<Outcome<LockState>> {
    if (options.where) this.#lockReport.address(options.where);
    return this.#lock.lock(caller, leaseMs, options);
  }

  /** Releases the caller's own lock; an owner may break anyone's. `where` as for `lock`. */
  unlock(caller: LockCaller, where?: FileAddress): Promise<Outcome<LockState>> {
    if (where) this.#lockReport.address(where);
    return this.#lock.unlock(caller);
  }

  /**
   * A member's role changed (or they were removed: `null`). Their sockets
   * here follow at once: closed with 4403, or relabelled and told. Someone
   * who may no longer write loses the file's lock at once (issue 15.10: it
   * kept blocking everyone for up to its hour).
   */
  async setMemberRole(userId: string, role: Role | null): Promise<void> {
    this.#room.setMemberRole(userId, role);
    if (role === null || !canWrite(role)) await this.#lock.releaseHeldBy(userId);
  }

  /**
   * A member renamed themselves or chose another colour (issue 12 item 6):
   * their sockets here stamp the new name from now on, and their cursors
   * are stamped again and sent to everyone at once, whatever their tabs do.
   */
  setMemberProfile(userId: string, profile: { name: string; color: string }): void {
    this.#room.setMemberProfile(userId, profile);
  }

  /** Closes every socket of one user id with `code` and `reason` (a revoked visitor link). */
  closeUser(userId: string, code: CloseCode, reason: string): void {
    this.#room.closeUser(userId, code, reason);
  }

  /**
   * Closes one socket by its id (its person holds too many across documents,
   * issue 15.3; their user object asks). False if it is not open here.
   */
  closeSocket(socketId: string, code: CloseCode, reason: string): boolean {
    return this.#room.closeSocket(socketId, code, reason);
  }

  /** Which of `socketIds` are open here (the person's user object checks its count, issue 15.3). */
  openSockets(socketIds: string[]): string[] {
    return this.#room.openSockets(socketIds);
  }

  /** Closes the sockets of one session, when its person signs out. */
  closeSession(sessionHash: string, reason?: string): void {
    this.#room.closeSession(sessionHash, reason);
  }

  /** Closes every socket, for example when the file goes to the trash. */
  disconnectAll(code: CloseCode, reason: string): void {
    this.#room.closeAll(code, reason);
  }

  /**
   * Wipes the document for good (its file was purged from the trash): every
   * socket is closed and the storage deleted. Idempotent, so a cascade that
   * resumes after a crash can call it again.
   */
  async purge(): Promise<void> {
    this.#room.closeAll(CloseCode.notFound, "This file was deleted.");
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.#room.clear();
    // The tables are gone with the data: refuse sockets until the object is
    // evicted (the Worker stops routing to a purged file anyway).
    this.#purged = true;
  }

  /**
   * Folds the log into one chunked snapshot. Runs from the alarm; exposed
   * for tools and tests.
   */
  compact(): { stateBytes: number } {
    this.#room.flush();
    return this.#storage.compact(this.#room.doc);
  }

  /** What the document stores, and the size of its encoded state. */
  storageStats() {
    this.#room.flush();
    return this.#storage.stats(this.#room.doc);
  }

  /** The file's text, for export. */
  exportText(): string {
    return this.#room.doc.getText(DOCUMENT_TEXT_NAME).toString();
  }

  /** Every version, newest first. */
  versions(): VersionInfo[] {
    return this.#history.list();
  }

  /** A version and its text, for a read-only preview. */
  version(versionId: string): Outcome<VersionPreview> {
    return this.#history.preview(versionId);
  }

  /** Saves the document as it is now under a person's name for it. */
  saveVersion(caller: LockCaller, name: string): Outcome<VersionInfo> {
    return this.#history.save(caller, name);
  }

  /** Makes the text what it was in a version, as a new change everyone sees (see DocumentHistory). */
  restoreVersion(caller: LockCaller, versionId: string): Outcome<RestoreResult> {
    const restored = this.#history.restore(caller, versionId);
    // A restore changes the text without a socket's update: the index follows it too
    // (worker/test/search.test.ts, "follows a version restore").
    if (restored.ok) void this.#searchReport.edited();
    return restored;
  }

  /** The file's comment threads, oldest first (issue 19). */
  threads(): ThreadInfo[] {
    return this.#comments.list();
  }

  /** Starts a thread on the anchored text; everyone on the file hears of it. */
  startThread(caller: Commenter, body: NewThreadBody): Outcome<ThreadInfo> {
    return this.#announce(this.#comments.startThread(caller, body));
  }

  /** Replies in a thread. */
  replyInThread(caller: Commenter, threadId: string, body: ReplyBody): Outcome<ThreadInfo> {
    return this.#announce(this.#comments.reply(caller, threadId, body));
  }

  /** Changes one's own comment. */
  editComment(
    caller: Commenter,
    threadId: string,
    commentId: string,
    body: EditCommentBody,
  ): Outcome<ThreadInfo> {
    return this.#announce(this.#comments.edit(caller, threadId, commentId, body));
  }

  /** Deletes a comment (its author's, or anyone's for an owner); null when its thread went with it. */
  deleteComment(
    caller: Commenter,
    threadId: string,
    commentId: string,
  ): Outcome<ThreadInfo | null> {
    return this.#announce(this.#comments.delete(caller, threadId, commentId));
  }

  /** Resolves or reopens a thread. */
  resolveThread(caller: Commenter, threadId: string, resolved: boolean): Outcome<ThreadInfo> {
    return this.#announce(this.#comments.resolve(caller, threadId, resolved));
  }

  /**
   * Tells every socket on the file what changed in its comments. The write
   * before it has no await between, so the runtime's output gate holds the
   * frame until the write is durable: no one sees a comment that is not stored.
   */
  #announce<T>(outcome: Outcome<{ value: T; event: ThreadEvent }>): Outcome<T> {
    if (!outcome.ok) return outcome;
    broadcast(
      this.ctx.getWebSockets(),
      encodeServerFrame({ type: "comments", event: outcome.value.event }),
    );
    return { ok: true, value: outcome.value.value };
  }

  /** Whether `userId` has a socket open here, `leaving` (which is closing) aside. */
  #hasSocketOf(userId: string, leaving?: WebSocket): boolean {
    return this.ctx
      .getWebSockets()
      .some(
        (ws) =>
          ws !== leaving &&
          ws.readyState === WebSocket.OPEN &&
          readSocketState(ws).userId === userId,
      );
  }

  #saveAutoVersion(name: string): void {
    if (!this.#purged) this.#history.saveAuto(name);
  }
}

/**
 * Who opens the socket, as the Worker's grant says after it checked the
 * session and the role (worker/lib/grant.ts). Only the Worker reaches this
 * object; a request without a valid grant for a workspace is refused (fail
 * closed).
 */
function socketStateFromUpgrade(request: Request): SocketState | undefined {
  const grant = readGrant(request);
  if (!grant.ok || !grant.value.access) return undefined;
  const { user, sessionHash, access } = grant.value;
  const { role, workspaceId, fileId } = access;
  const acks = new URL(request.url).searchParams.get("acks") === "1" || undefined;
  return { userId: user.id, role, sessionHash, workspaceId, fileId, user, acks, clientIds: [] };
}

function quotaFrom(env: Env): number {
  const configured = Number(env.DOCUMENT_QUOTA_BYTES);
  return Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_QUOTA_BYTES;
}
