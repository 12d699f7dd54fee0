import { DurableObject } from "cloudflare:workers";
import type { InboxItem } from "../../shared/api/members.ts";
import type { PasskeyInfo } from "../../shared/api/passkeys.ts";
import { type Presence, UserClientMessage } from "../../shared/api/presence.ts";
import type { User } from "../../shared/api/session.ts";
import { parseJson } from "../../shared/api/endpoint.ts";
import { CloseCode, TOO_MANY_TABS_REASON } from "../../shared/errors.ts";
import type { Role } from "../../shared/roles.ts";
import { readGrant } from "../lib/grant.ts";
import { applyMigrations } from "../lib/migrations.ts";
import { notFound, ok, type Outcome } from "../lib/outcome.ts";
import { objectFor } from "../lib/placement.ts";
import { answerClose, closeWithNotice } from "../lib/sockets.ts";
import { startUp } from "../lib/start-up.ts";
import { Inbox } from "../user/inbox.ts";
import { Memberships, type RememberedWorkspace } from "../user/memberships.ts";
import { type DocumentReport, OpenDocuments } from "../user/open-documents.ts";
import { OpenSockets, type SocketToClose } from "../user/open-sockets.ts";
import { PresenceReports } from "../user/presence-reports.ts";
import { type NewPasskey, Passkeys, type StoredPasskey } from "../user/passkeys.ts";
import { Profile, type UserProfile } from "../user/profile.ts";
import { RecoveryCodes } from "../user/recovery-codes.ts";
import { userMigrations } from "../user/schema.ts";
import { type KnownSession, Sessions } from "../user/sessions.ts";
import { Tabs } from "../user/tabs.ts";

/** What the sockets of a deleted account are told as they close. */
export const ACCOUNT_DELETED = "This account was deleted.";

/** The longest message a tab sends (`{"type":"visibility","visible":false}` and room to spare). */
const MAX_TAB_MESSAGE_CHARS = 1024;

/**
 * One person (`idFromName(userId)`). A thin adapter: it wires the runtime
 * (sockets, storage) to the parts in worker/user/, which each own one
 * concern: the profile, the list of their workspaces, the inbox, their
 * tabs' live sockets, the files their sessions have open, the reports
 * of that presence to workspaces, their passkeys and recovery codes. The Worker reaches it only for a
 * signed-in user, so an unknown or forged session never creates one.
 */
export class UserObject extends DurableObject<Env> {
  readonly #profile = new Profile(this.ctx.storage);
  readonly #memberships = new Memberships(this.ctx.storage);
  readonly #inbox = new Inbox(this.ctx.storage);
  readonly #tabs = new Tabs(this.ctx);
  readonly #openDocuments = new OpenDocuments(this.ctx.storage);
  readonly #openSockets = new OpenSockets(this.ctx.storage);
  readonly #presenceReports = new PresenceReports(this.ctx.storage, this.env);
  readonly #passkeys = new Passkeys(this.ctx.storage);
  readonly #recoveryCodes = new RecoveryCodes(this.ctx.storage);
  readonly #sessions = new Sessions(this.ctx.storage);

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Tabs keep their socket alive with "ping"; the runtime answers without waking us.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
    startUp(ctx, () => applyMigrations(ctx.storage, userMigrations));
  }

  /** Stores the profile at sign-up. Idempotent: an existing profile is kept and returned. */
  initProfile(user: User): UserProfile {
    return this.#profile.init(user);
  }

  /** The profile, or not found before `initProfile`. */
  profile(): Outcome<UserProfile> {
    const profile = this.#profile.get();
    return profile ? ok(profile) : notFound("There is no such user.");
  }

  /** Changes the name, the colour or both; the rest stays. */
  updateProfile(changes: { name?: string; color?: string }): Outcome<UserProfile> {
    return this.#profile.update(changes);
  }

  /** How many passkeys the person has: 0 is a guest (`SessionResponse.passkeys`). */
  passkeyCount(): number {
    return this.#passkeys.count();
  }

  /** The passkeys, oldest first, and how many recovery codes are unused (the account page). */
  passkeys(): { passkeys: PasskeyInfo[]; recoveryCodesLeft: number } {
    return { passkeys: this.#passkeys.list(), recoveryCodesLeft: this.#recoveryCodes.left() };
  }

  /** The credential a sign-in claims, if it is still this person's. */
  passkey(credentialId: string): StoredPasskey | undefined {
    return this.#passkeys.get(credentialId);
  }

  /**
   * Stores a verified passkey. A person's first passkey also makes their
   * recovery codes, whose hashes come with it (`firstCodeHashes`), so a
   * guest becomes an account with a way back in at once.
   */
  addPasskey(
    passkey: NewPasskey,
    firstCodeHashes: readonly string[],
  ): Outcome<{ passkey: PasskeyInfo; codesStored: boolean }> {
    const first = this.#passkeys.count() === 0 && this.#recoveryCodes.left() === 0;
    const added = this.#passkeys.add(passkey);
    if (!added.ok) return added;
    if (first) this.#recoveryCodes.replace(firstCodeHashes);
    return ok({ passkey: added.value, codesStored: first });
  }

  /** Records a verified sign-in with the passkey. */
  passkeyUsed(credentialId: string, counter: number): void {
    this.#passkeys.used(credentialId, counter);
  }

  renamePasskey(credentialId: string, name: string): Outcome<PasskeyInfo> {
    return this.#passkeys.rename(credentialId, name);
  }

  /** Removes a passkey: it signs no one in from now on. */
  removePasskey(credentialId: string): Outcome<null> {
    return this.#passkeys.remove(credentialId) ? ok(null) : notFound("There is no such passkey.");
  }

  /** A new set of recovery code hashes; answers the old ones (to unlink from the index). */
  replaceRecoveryCodes(hashes: readonly string[]): string[] {
    return this.#recoveryCodes.replace(hashes);
  }

  /** The keys the credential index points at this person by (to unlink them when the account goes). */
  credentialKeys(): { passkeyIds: string[]; codeHashes: string[] } {
    return {
      passkeyIds: this.#passkeys.list().map((passkey) => passkey.id),
      codeHashes: this.#recoveryCodes.hashes(),
    };
  }

  /** Spends a recovery code (by hash): true once, false for a used or unknown one. */
  useRecoveryCode(hash: string): boolean {
    return this.#recoveryCodes.use(hash);
  }

  /** Adds a workspace to the list or updates its name, role and trash state (the workspaces' fan-out). */
  rememberWorkspace(workspace: {
    id: string;
    name: string;
    role: Role;
    trashedAt?: number | null;
  }): void {
    this.#memberships.remember(workspace);
  }

  /** Drops a workspace from the list (left, removed or deleted). Idempotent. */
  forgetWorkspace(workspaceId: string): void {
    this.#memberships.forget(workspaceId);
  }

  /** The user's workspaces, most recently changed first. */
  listWorkspaces(): RememberedWorkspace[] {
    return this.#memberships.list();
  }

  /** Adds a notification ("Ada shared workspace Team with you") and shows it in every tab. */
  notify(item: { text: string; workspaceId: string; link?: string }): void {
    this.#tabs.broadcast({ type: "inbox", item: this.#inbox.add(item) });
  }

  /** Marks notices read (`ids`, or all) and answers the inbox as it is now. */
  markInboxRead(ids?: readonly number[]): InboxItem[] {
    this.#inbox.markRead(ids);
    return this.#inbox.list();
  }

  /** The newest notifications first. */
  inbox(): InboxItem[] {
    return this.#inbox.list();
  }

  /**
   * The live socket of one of the person's tabs (`GET /api/me/live`; the
   * Worker has checked the session). It gets the presence and new inbox
   * items as they change, and tells whether the tab is visible.
   */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return new Response("Expected a WebSocket upgrade", { status: 426 });
    }
    const grant = readGrant(request);
    if (!grant.ok) return new Response(`Refused: ${grant.problem}`, { status: 403 });
    const { sessionHash } = grant.value;
    if (!sessionHash) return new Response("Refused: the grant has no session", { status: 403 });
    const response = this.#tabs.accept(sessionHash);
    this.#tabs.broadcast({ type: "presence", presence: this.presence() });
    return response;
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const parsed =
      typeof message === "string" && message.length <= MAX_TAB_MESSAGE_CHARS
        ? parseJson(UserClientMessage, message)
        : undefined;
    if (!parsed?.ok) {
      ws.close(CloseCode.badMessage, 'expected {"type":"visibility","visible":true|false}');
      return;
    }
    if (this.#tabs.setVisible(ws, parsed.value.visible)) {
      this.#tabs.broadcast({ type: "presence", presence: this.presence() });
    }
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    answerClose(ws, code, reason);
    this.#tabs.broadcast({ type: "presence", presence: this.presence() });
  }

  /** online if a tab is visible, away if tabs are open but hidden, else offline; and open files. */
  presence(): Presence {
    return { status: this.#tabs.status(), openFiles: this.#openDocuments.files() };
  }

  /**
   * A document accepted a socket of this person's session. Past
   * `MAX_SOCKETS_PER_PERSON` across documents, the person's oldest socket is
   * closed by its document with 4429 (issue 15.3); its close is reported
   * back like any other.
   */
  async documentOpened(report: DocumentReport): Promise<void> {
    this.#openDocuments.opened(report);
    const overCap = this.#openSockets.opened(report);
    await Promise.all([
      overCap ? this.#makeRoom() : undefined,
      this.#presenceChanged([report.workspaceId]),
    ]);
  }

  /** A document lost a socket of this person's session. */
  async documentClosed(report: DocumentReport): Promise<void> {
    this.#openDocuments.closed(report);
    this.#openSockets.closed(report);
    await this.#presenceChanged([report.workspaceId]);
  }

  /** A session of this person began (sign-in); returns its public id. Idempotent. */
  sessionStarted(sessionHash: string, browser: string): string {
    return this.#sessions.add(sessionHash, browser);
  }

  /** The person's sessions, as far as this object knows them (the shards know which are alive). */
  sessions(): KnownSession[] {
    return this.#sessions.list();
  }

  /** The session with this public id, if it is this person's: never another person's. */
  session(id: string): KnownSession | undefined {
    return this.#sessions.byId(id);
  }

  /** Forgets sessions their shards no longer hold (expired or revoked elsewhere). */
  forgetSessions(sessionHashes: string[]): void {
    for (const hash of sessionHashes) this.#sessions.forget(hash);
  }

  /**
   * The session signed out: every socket it has open closes now, in each
   * document it has open (awaited) and here, and it leaves the list.
   */
  async signOut(sessionHash: string, reason?: string): Promise<void> {
    const open = this.#openDocuments.ofSession(sessionHash);
    await Promise.all(
      open.map(({ fileId }) =>
        objectFor(this.env.DOCUMENTS, fileId).closeSession(sessionHash, reason),
      ),
    );
    this.#openDocuments.forgetSession(sessionHash);
    this.#openSockets.forgetSession(sessionHash);
    this.#sessions.forget(sessionHash);
    this.#tabs.closeSession(sessionHash, reason);
    await this.#presenceChanged(open.map((file) => file.workspaceId));
  }

  /**
   * The person holds more sockets than they may: first the documents say
   * which of the counted sockets are still open (a document reset without
   * reporting its closes would otherwise leave rows that count forever and
   * close live tabs in their place), then the oldest past the cap close.
   * Only when over the cap, so the usual connect asks nothing more.
   */
  async #makeRoom(): Promise<void> {
    const { mark, files } = this.#openSockets.census();
    await Promise.all(
      [...files].map(async ([fileId, socketIds]) => {
        try {
          const open = await objectFor(this.env.DOCUMENTS, fileId).openSockets(socketIds);
          this.#openSockets.forgetAllBut(fileId, mark, open);
        } catch (error) {
          // Unreachable: its sockets stay counted, as if open.
          console.error("counting a document's sockets failed", error);
        }
      }),
    );
    await Promise.all(this.#openSockets.overCap().map((socket) => this.#closeSocket(socket)));
  }

  /**
   * Asks the document holding one of the person's sockets to close it. Its
   * slot is already free here; if the document cannot be reached the socket
   * stays open uncounted until it closes, which is logged.
   */
  async #closeSocket({ socketId, fileId }: SocketToClose): Promise<void> {
    try {
      await objectFor(this.env.DOCUMENTS, fileId).closeSocket(
        socketId,
        CloseCode.rateLimited,
        TOO_MANY_TABS_REASON,
      );
    } catch (error) {
      console.error("closing the oldest socket failed", error);
    }
  }

  /**
   * The account is deleted (issue 18 item 5): every session's sockets have
   * closed (the route ended the sessions first); the tabs still open close
   * now, and everything this object stored goes. The schema is laid down
   * again, empty, so a late report from a document that is still closing
   * finds its tables instead of failing; the profile is gone, so nothing
   * reads as this person any more.
   */
  async deleteAccount(): Promise<void> {
    for (const { sessionHash } of this.#sessions.list()) {
      await this.signOut(sessionHash, ACCOUNT_DELETED);
    }
    for (const socket of this.ctx.getWebSockets()) {
      closeWithNotice(socket, CloseCode.unauthorized, ACCOUNT_DELETED);
    }
    await this.ctx.storage.deleteAll();
    applyMigrations(this.ctx.storage, userMigrations);
  }

  /** Pushes the new presence to the person's tabs and to each workspace concerned. */
  async #presenceChanged(workspaceIds: string[]): Promise<void> {
    const presence = this.presence();
    this.#tabs.broadcast({ type: "presence", presence });
    const userId = this.#profile.get()?.id;
    if (userId) await this.#presenceReports.send(userId, workspaceIds, presence);
  }
}
