import { DurableObject } from "cloudflare:workers";
import type { InboxItem } from "../../shared/api/members.ts";
import type { PasskeyInfo } from "../../shared/api/passkeys.ts";
import { type Presence, UserClientMessage } from "../../shared/api/presence.ts";
import type { User } from "../../shared/api/session.ts";
import { parseJson } from "../../shared/api/endpoint.ts";
import { CloseCode } from "../../shared/errors.ts";
import type { Role } from "../../shared/roles.ts";
import { readGrant } from "../lib/grant.ts";
import { applyMigrations } from "../lib/migrations.ts";
import { notFound, ok, type Outcome } from "../lib/outcome.ts";
import { objectFor } from "../lib/placement.ts";
import { answerClose } from "../lib/sockets.ts";
import { startUp } from "../lib/start-up.ts";
import { Inbox } from "../user/inbox.ts";
import { Memberships, type RememberedWorkspace } from "../user/memberships.ts";
import { type DocumentReport, OpenDocuments } from "../user/open-documents.ts";
import { PresenceReports } from "../user/presence-reports.ts";
import { type NewPasskey, Passkeys, type StoredPasskey } from "../user/passkeys.ts";
import { Profile, type UserProfile } from "../user/profile.ts";
import { RecoveryCodes } from "../user/recovery-codes.ts";
import { userMigrations } from "../user/schema.ts";
import { Tabs } from "../user/tabs.ts";

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
  readonly #presenceReports = new PresenceReports(this.ctx.storage, this.env);
  readonly #passkeys = new Passkeys(this.ctx.storage);
  readonly #recoveryCodes = new RecoveryCodes(this.ctx.storage);

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
  notify(item: { text: string; workspaceId: string }): void {
    this.#tabs.broadcast({ type: "inbox", item: this.#inbox.add(item) });
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

  /** A document accepted a socket of this person's session. */
  async documentOpened(report: DocumentReport): Promise<void> {
    this.#openDocuments.opened(report);
    await this.#presenceChanged([report.workspaceId]);
  }

  /** A document lost a socket of this person's session. */
  async documentClosed(report: DocumentReport): Promise<void> {
    this.#openDocuments.closed(report);
    await this.#presenceChanged([report.workspaceId]);
  }

  /**
   * The session signed out: every socket it has open closes now, in each
   * document it has open (awaited) and here.
   */
  async signOut(sessionHash: string, reason?: string): Promise<void> {
    const open = this.#openDocuments.ofSession(sessionHash);
    await Promise.all(
      open.map(({ fileId }) =>
        objectFor(this.env.DOCUMENTS, fileId).closeSession(sessionHash, reason),
      ),
    );
    this.#openDocuments.forgetSession(sessionHash);
    this.#tabs.closeSession(sessionHash, reason);
    await this.#presenceChanged(open.map((file) => file.workspaceId));
  }

  /** Pushes the new presence to the person's tabs and to each workspace concerned. */
  async #presenceChanged(workspaceIds: string[]): Promise<void> {
    const presence = this.presence();
    this.#tabs.broadcast({ type: "presence", presence });
    const userId = this.#profile.get()?.id;
    if (userId) await this.#presenceReports.send(userId, workspaceIds, presence);
  }
}
