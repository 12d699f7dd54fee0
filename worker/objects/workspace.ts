import { DurableObject } from "cloudflare:workers";
import type {
  AcceptedInvite,
  CreatedInvite,
  Invite,
  InviteBody,
  InvitePreview,
  Member,
  MemberList,
} from "../../shared/api/members.ts";
import type { User } from "../../shared/api/session.ts";
import type {
  AccessRequest,
  AccessRequestBody,
  MyAccessRequest,
  VisitorView,
} from "../../shared/api/sharing.ts";
import type {
  ProjectDetails,
  ProjectSummary,
  ProjectTree,
  TrashEntry,
  WorkspaceDetails,
  WorkspaceEvent,
} from "../../shared/api/tree.ts";
import { CloseCode } from "../../shared/errors.ts";
import type { GrantableRole, Role } from "../../shared/roles.ts";
import { readGrant } from "../lib/grant.ts";
import { applyMigrations, hasMigrated } from "../lib/migrations.ts";
import { conflict, notFound, ok, type Outcome } from "../lib/outcome.ts";
import { jurisdictionReport } from "../lib/placement.ts";
import { AlarmScheduler } from "../lib/scheduler.ts";
import { answerClose } from "../lib/sockets.ts";
import { trashedReason } from "../project/trash.ts";
import { startUp } from "../lib/start-up.ts";
import { Access, type Caller } from "../workspace/access.ts";
import { AccessRequests } from "../workspace/access-requests.ts";
import { FanOut, UPDATE_MEMBER_LISTS } from "../workspace/fan-out.ts";
import { LiveSockets } from "../workspace/live.ts";
import { Members } from "../workspace/members.ts";
import { Invitations, type VisitorGrant } from "../workspace/invitations.ts";
import { FilePresence } from "../workspace/presence.ts";
import { Projects, type TrashLocation } from "../workspace/projects.ts";
import { WorkspaceRecord } from "../workspace/record.ts";
import { Requests } from "../workspace/requests.ts";
import { workspaceMigrations } from "../workspace/schema.ts";
import { ShareLinks } from "../workspace/share-links.ts";
import { Sharing, type SharingParts } from "../workspace/sharing.ts";
import { PURGE_PROJECT, PURGE_WORKSPACE, TrashAndPurge } from "../workspace/trash.ts";
import { TreeReadModel } from "../workspace/tree.ts";

export type { Caller, TrashLocation, VisitorGrant };

/**
 * One workspace. A thin adapter: it wires the runtime (sockets, alarm,
 * storage) to the parts in worker/workspace/, which each own one concern:
 * who may do what (access), members and share links (sharing), projects,
 * the tree read model, presence, trash and purge, the live sockets, and
 * fan-out to user and document objects.
 */
export class WorkspaceObject extends DurableObject<Env> {
  readonly #record = new WorkspaceRecord(this.ctx.storage);
  readonly #members = new Members(this.ctx.storage);
  readonly #tree = new TreeReadModel(this.ctx.storage);
  readonly #presence = new FilePresence(this.ctx.storage);
  readonly #live = new LiveSockets(this.ctx);
  readonly #access = new Access(this.#record, this.#members, this.#tree);
  readonly #scheduler = new AlarmScheduler(this.ctx.storage, {
    [PURGE_PROJECT]: (event) => this.#trash.purgeProjectStep(event.key),
    [PURGE_WORKSPACE]: () => this.#trash.purgeWorkspaceStep(),
    [UPDATE_MEMBER_LISTS]: () => this.#fanOut.updateMemberLists(),
  });
  readonly #fanOut = new FanOut(this.env, this.#scheduler, () => {
    const workspace = this.#record.get();
    return workspace && { workspace, members: this.#members.list() };
  });
  readonly #trash = new TrashAndPurge({
    storage: this.ctx.storage,
    env: this.env,
    scheduler: this.#scheduler,
    record: this.#record,
    tree: this.#tree,
    hooks: {
      projectPurged: () => this.#changed(),
      workspacePurged: (workspace) => this.#purged(workspace.id),
    },
  });
  readonly #sharingParts: SharingParts = {
    access: this.#access,
    record: this.#record,
    members: this.#members,
    links: new ShareLinks(this.ctx.storage),
    requests: new AccessRequests(this.ctx.storage),
    tree: this.#tree,
    presence: this.#presence,
    live: this.#live,
    fanOut: this.#fanOut,
    changed: () => this.#changed(),
  };
  readonly #sharing = new Sharing(this.#sharingParts);
  readonly #invitations = new Invitations(this.#sharingParts, this.#sharing);
  readonly #requests = new Requests(this.#sharingParts, this.#sharing);
  readonly #projects = new Projects({
    env: this.env,
    access: this.#access,
    record: this.#record,
    members: this.#members,
    tree: this.#tree,
    trash: this.#trash,
    fanOut: this.#fanOut,
    changed: () => this.#changed(),
  });
  #wipeRequested = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
    // A workspace that was never created has no tables and gets none until
    // `create`: a made-up id in a link or a path wakes an object that answers
    // "no such workspace" and leaves nothing on disk (issue 15.4,
    // worker/test/anonymous-storage.test.ts). `WorkspaceRecord.get` is the gate.
    startUp(ctx, () => {
      if (hasMigrated(ctx.storage)) applyMigrations(ctx.storage, workspaceMigrations);
    });
  }

  /** The live tree socket; the Worker has checked the caller is a member. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return new Response("Expected a WebSocket upgrade", { status: 426 });
    }
    const grant = readGrant(request);
    if (!grant.ok || !grant.value.access) {
      return new Response(`Refused: ${grant.ok ? "no access in the grant" : grant.problem}`, {
        status: 403,
      });
    }
    return this.#live.accept(grant.value.user.id, this.#treeEvent());
  }

  override async webSocketMessage(ws: WebSocket): Promise<void> {
    // The live tree is one-way; only "ping" (answered by the runtime) is expected.
    ws.close(CloseCode.badMessage, "this socket only sends; use the HTTP API to change the tree");
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    answerClose(ws, code, reason);
  }

  override async alarm(): Promise<void> {
    await this.#scheduler.runDue();
    // The last step of a purge asks for the wipe; it happens here, after the
    // scheduler has finished with its table, because deleteAll drops it.
    if (this.#wipeRequested) {
      await this.ctx.storage.deleteAlarm();
      await this.ctx.storage.deleteAll();
    }
  }

  /** Creates the workspace with `owner` as its first owner. */
  async create(workspaceId: string, name: string, owner: User): Promise<Outcome<WorkspaceDetails>> {
    applyMigrations(this.ctx.storage, workspaceMigrations);
    if (this.#record.get()) return conflict("This workspace already exists.");
    const now = Date.now();
    this.ctx.storage.transactionSync(() => {
      this.#record.create(workspaceId, name, now);
      this.#members.add(owner, "owner", now);
    });
    await this.#fanOut.memberListsChanged();
    return ok(this.#details("owner"));
  }

  /**
   * The caller's role, after checking that the workspace (and the project, if
   * given) exists and is not in the trash. Every route asks this first.
   */
  access(caller: Caller, projectId?: string, options: { trashed?: boolean } = {}): Outcome<Role> {
    return this.#access.member(caller, projectId, options);
  }

  /** The workspace with its projects, their trees, and the trash. */
  details(caller: Caller): Outcome<WorkspaceDetails> {
    const role = this.#access.member(caller);
    return role.ok ? ok(this.#details(role.value)) : role;
  }

  /** Checks that `fileId` is an active file of an active project here (one indexed lookup). */
  fileAccess(caller: Caller, projectId: string, fileId: string): Outcome<Role> {
    const role = this.#access.member(caller, projectId);
    if (!role.ok || this.#tree.hasActiveFile(projectId, fileId)) return role;
    return notFound("There is no such file in this project; it may have been deleted.");
  }

  /** Renames the workspace (owners only: every member's list shows the name). */
  async rename(caller: Caller, name: string): Promise<Outcome<WorkspaceDetails>> {
    const role = this.#access.owner(caller, "Only an owner can rename the workspace.");
    if (!role.ok) return role;
    this.#record.rename(name);
    this.#changed();
    await this.#fanOut.memberListsChanged();
    return ok(this.#details(role.value));
  }

  /** Sends the workspace to the trash (owners only); it is purged after 30 days. */
  async trash(caller: Caller): Promise<Outcome<null>> {
    const role = this.#access.owner(caller, "Only an owner can delete a workspace.");
    if (!role.ok) return role;
    await this.#trash.trashWorkspace();
    this.#changed();
    await this.#fanOut.memberListsChanged();
    const what = `The workspace ${this.#record.get()!.name}`;
    const reason = trashedReason(what, this.#members.nameOf(caller.userId));
    await this.#fanOut.disconnectFiles(this.#tree.fileIds(), reason);
    return ok(null);
  }

  async restore(caller: Caller): Promise<Outcome<WorkspaceDetails>> {
    const role = this.#access.owner(caller, "Only an owner can restore a workspace.", true);
    if (!role.ok) return role;
    if (this.#record.get()?.trashed_at === null) return ok(this.#details(role.value));
    await this.#trash.restoreWorkspace();
    this.#changed();
    await this.#fanOut.memberListsChanged();
    return ok(this.#details(role.value));
  }

  /** Purges a trashed workspace now (owners only), instead of in 30 days. */
  async purgeNow(caller: Caller): Promise<Outcome<null>> {
    const role = this.#access.owner(caller, "Only an owner can delete a workspace.", true);
    if (!role.ok) return role;
    if (this.#record.get()?.trashed_at === null) {
      return conflict("Move the workspace to the trash first.");
    }
    await this.#trash.purgeWorkspaceNow();
    return ok(null);
  }

  createProject(caller: Caller, name: string): Promise<Outcome<ProjectSummary>> {
    return this.#projects.create(caller, name);
  }

  renameProject(caller: Caller, projectId: string, name: string): Promise<Outcome<ProjectSummary>> {
    return this.#projects.rename(caller, projectId, name);
  }

  project(caller: Caller, projectId: string): Outcome<ProjectDetails> {
    return this.#projects.details(caller, projectId);
  }

  trashProject(caller: Caller, projectId: string): Promise<Outcome<TrashEntry>> {
    return this.#projects.trash(caller, projectId);
  }

  /** Where a trash entry lives, for a restore or purge; checks the caller may write. */
  locateTrash(caller: Caller, trashId: string): Outcome<TrashLocation> {
    return this.#projects.locateTrash(caller, trashId);
  }

  restoreProject(caller: Caller, projectId: string): Promise<Outcome<ProjectSummary>> {
    return this.#projects.restore(caller, projectId);
  }

  /** Purges a trashed project now: its files' documents, then the project itself. */
  purgeProject(caller: Caller, projectId: string): Promise<Outcome<null>> {
    return this.#projects.purge(caller, projectId);
  }

  // Members, links and access requests: see worker/workspace/sharing.ts,
  // invitations.ts and requests.ts for what each one checks and does.

  members(caller: Caller): Outcome<MemberList> {
    return this.#sharing.members(caller);
  }

  setRole(caller: Caller, userId: string, role: Role): Promise<Outcome<Member>> {
    return this.#sharing.setRole(caller, userId, role);
  }

  removeMember(caller: Caller, userId: string): Promise<Outcome<null>> {
    return this.#sharing.removeMember(caller, userId);
  }

  createInvite(caller: Caller, body: InviteBody, origin: string): Promise<Outcome<CreatedInvite>> {
    return this.#invitations.create(caller, body, origin);
  }

  invites(caller: Caller, origin: string): Outcome<Invite[]> {
    return this.#invitations.list(caller, origin);
  }

  revokeInvite(caller: Caller, inviteId: string, origin: string): Promise<Outcome<Invite>> {
    return this.#invitations.revoke(caller, inviteId, origin);
  }

  previewInvite(secret: string): Promise<Outcome<InvitePreview>> {
    return this.#invitations.preview(secret);
  }

  acceptInvite(secret: string, user: User): Promise<Outcome<AcceptedInvite>> {
    return this.#invitations.accept(secret, user);
  }

  viewLink(secret: string): Promise<Outcome<VisitorView>> {
    return this.#invitations.view(secret);
  }

  visitorGrant(secret: string, visitorKey?: string): Promise<Outcome<VisitorGrant>> {
    return this.#invitations.visitorGrant(secret, visitorKey);
  }

  requestAccess(user: User, body: AccessRequestBody): Promise<Outcome<MyAccessRequest>> {
    return this.#requests.ask(user, body);
  }

  myAccessRequest(user: User): MyAccessRequest {
    if (!this.#record.get()) return { pending: false, requestedAt: null };
    return this.#requests.mine(user);
  }

  accessRequests(caller: Caller): Outcome<AccessRequest[]> {
    return this.#requests.list(caller);
  }

  approveAccess(caller: Caller, userId: string, role: GrantableRole): Promise<Outcome<Member>> {
    return this.#requests.approve(caller, userId, role);
  }

  declineAccess(caller: Caller, userId: string): Promise<Outcome<null>> {
    return this.#requests.decline(caller, userId);
  }

  memberProfileChanged(user: User): Promise<void> {
    return this.#sharing.memberProfileChanged(user);
  }

  /**
   * A member's user object reports which files of this workspace they have
   * open. A report older than the last one taken (they travel concurrently)
   * is dropped; a newer one goes to the live sockets as a small event.
   */
  async presenceChanged(userId: string, fileIds: string[], sequence: number): Promise<void> {
    const member = this.#members.get(userId);
    if (!member || !this.#presence.take(userId, fileIds, sequence)) return;
    this.#live.broadcast({
      type: "presence",
      member: { userId, name: member.name, color: member.color },
      fileIds: this.#presence.filesOf(userId),
    });
  }

  /** A project reports its tree; an older report than the one kept is ignored. */
  async receiveProjectTree(projectId: string, version: number, tree: ProjectTree): Promise<void> {
    if (this.#tree.storeReport(projectId, version, tree)) this.#changed();
  }

  /**
   * True when `userId` is this workspace's only owner (issue 18 item 5: their
   * account cannot go without it unless the workspace goes too).
   */
  isSoleOwner(userId: string): boolean {
    return this.#members.wouldLeaveNoOwner(userId, null);
  }

  /** Ids of the members, for fan-out (their user objects' workspace lists). */
  memberIds(): string[] {
    return this.#members.ids();
  }

  /** The purge cascade is done: everyone is told, the members forget it, and the storage goes. */
  async #purged(workspaceId: string): Promise<void> {
    this.#live.broadcast({ type: "deleted" });
    this.#live.closeAll(CloseCode.notFound, "This workspace was deleted.");
    await this.#fanOut.forgetWorkspace(this.#members.ids(), workspaceId);
    this.#wipeRequested = true;
  }

  #details(role: Role): WorkspaceDetails {
    const workspace = this.#record.get()!;
    return {
      id: workspace.id,
      name: workspace.name,
      role,
      jurisdiction: jurisdictionReport(workspace.id, this.ctx.id),
      createdAt: workspace.created_at,
      updatedAt: workspace.updated_at,
      version: workspace.version,
      projects: this.#tree.activeProjects(),
      trash: this.#tree.trash(),
      presence: this.#presence.byFile(),
    };
  }

  #treeEvent(): WorkspaceEvent | undefined {
    if (!this.#record.get()) return undefined;
    const { role: _role, ...details } = this.#details("viewer");
    return { type: "tree", workspace: details };
  }

  /** Bumps the version and pushes the new tree to every live socket. */
  #changed(): void {
    this.#record.bumpVersion();
    const event = this.#treeEvent();
    if (event) this.#live.broadcast(event);
  }
}
