import { DurableObject } from "cloudflare:workers";
import {
  type PresentMember,
  type ProjectDetails,
  type ProjectSummary,
  type ProjectTree,
  TRASH_RETENTION_MS,
  type TrashEntry,
  type WorkspaceDetails,
  type WorkspaceEvent,
} from "../../shared/api/tree.ts";
import type {
  AcceptedInvite,
  CreatedInvite,
  Invite,
  InviteBody,
  Member,
} from "../../shared/api/members.ts";
import type { User } from "../../shared/api/session.ts";
import { CloseCode } from "../../shared/errors.ts";
import { jurisdictionOf, newId, randomBase64Url } from "../../shared/ids.ts";
import { hashToken } from "../lib/auth.ts";
import { jurisdictionReport, objectFor } from "../lib/placement.ts";
import { canWrite, ROLES, type Role } from "../../shared/roles.ts";
import { applyMigrations, type Migration } from "../lib/migrations.ts";
import { startUp } from "../lib/start-up.ts";
import { conflict, forbidden, gone, notFound, ok, type Outcome } from "../lib/outcome.ts";
import { AlarmScheduler, schedulerMigration } from "../lib/scheduler.ts";
import { answerClose, broadcast, closeAll, closeQuietly, sendQuietly } from "../lib/sockets.ts";

/** Append-only schema of a workspace's SQLite (see `applyMigrations`). */
const migrations: readonly Migration[] = [
  {
    id: "0001-workspace",
    sql: `CREATE TABLE workspace (
            singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
            id TEXT NOT NULL,
            name TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            trashed_at INTEGER,
            version INTEGER NOT NULL DEFAULT 0,
            purging INTEGER NOT NULL DEFAULT 0
          );
          CREATE TABLE members (
            user_id TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
            joined_at INTEGER NOT NULL
          );
          CREATE TABLE projects (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            trashed_at INTEGER
          );
          CREATE UNIQUE INDEX projects_active_name ON projects (name COLLATE NOCASE)
            WHERE trashed_at IS NULL;
          -- Each project's own report of its tree; the newest version wins.
          CREATE TABLE project_trees (
            project_id TEXT PRIMARY KEY,
            version INTEGER NOT NULL,
            tree TEXT NOT NULL
          );
          CREATE TABLE log (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at INTEGER NOT NULL,
            event TEXT NOT NULL,
            detail TEXT NOT NULL
          )`,
  },
  schedulerMigration,
  {
    id: "0002-members-and-invites",
    sql: `ALTER TABLE members ADD COLUMN name TEXT NOT NULL DEFAULT '';
          ALTER TABLE members ADD COLUMN color TEXT NOT NULL DEFAULT '#6b7280';
          CREATE TABLE invites (
            id TEXT PRIMARY KEY,
            secret_hash TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL CHECK (role IN ('editor', 'viewer')),
            created_by TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER,
            revoked_at INTEGER
          )`,
  },
  {
    id: "0003-presence",
    sql: `-- Which member has which file open, as their user objects report it.
          CREATE TABLE presence (
            user_id TEXT NOT NULL,
            file_id TEXT NOT NULL,
            PRIMARY KEY (user_id, file_id)
          )`,
  },
  {
    id: "0004-presence-sequence",
    sql: `-- The newest presence report taken from each member's user object.
          CREATE TABLE presence_reports (
            user_id TEXT PRIMARY KEY,
            sequence INTEGER NOT NULL
          )`,
  },
];

/** What a live socket carries through hibernation. */
interface LiveAttachment {
  userId: string;
}

interface WorkspaceRow {
  id: string;
  name: string;
  created_at: number;
  updated_at: number;
  trashed_at: number | null;
  version: number;
  purging: number;
  [column: string]: SqlStorageValue;
}

interface ProjectRow {
  id: string;
  name: string;
  created_at: number;
  updated_at: number;
  trashed_at: number | null;
  [column: string]: SqlStorageValue;
}

interface InviteRow {
  id: string;
  secret_hash: string;
  role: "editor" | "viewer";
  created_by: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  [column: string]: SqlStorageValue;
}

function inviteFromRow(row: InviteRow): Invite {
  return {
    id: row.id,
    role: row.role,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

/** Who asks, and for what: the Worker passes the signed-in user's id. */
export interface Caller {
  userId: string;
}

/** Where a trash entry lives, so the Worker can send a restore or purge to its owner. */
export type TrashLocation =
  | { kind: "project"; projectId: string }
  | { kind: "file" | "folder"; projectId: string };

/**
 * One workspace: its name, members and projects, a copy of every project's
 * tree (so listing never wakes a project), the trash, the purge cascade,
 * and the live tree socket that everyone with the workspace open holds.
 */
export class WorkspaceObject extends DurableObject<Env> {
  readonly #sql = this.ctx.storage.sql;
  #wipeRequested = false;
  readonly #scheduler = new AlarmScheduler(this.ctx.storage, {
    "purge-project": (event) => this.#purgeProjectStep(event.key),
    "purge-workspace": () => this.#purgeWorkspaceStep(),
    "update-member-lists": () => this.#updateMemberLists(),
  });

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
    startUp(ctx, () => {
      applyMigrations(ctx.storage, migrations);
    });
  }

  /** The live tree socket; the Worker has checked the caller is a member. */
  override async fetch(request: Request): Promise<Response> {
    const userId = request.headers.get("X-Quire-User");
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket" || !userId) {
      return new Response("Expected a WebSocket upgrade from the Worker", { status: 400 });
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ userId } satisfies LiveAttachment);
    const event = this.#treeEvent();
    if (event) server.send(JSON.stringify(event));
    return new Response(null, { status: 101, webSocket: client });
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

  /** Creates the workspace with `ownerId` as its first owner. */
  async create(workspaceId: string, name: string, owner: User): Promise<Outcome<WorkspaceDetails>> {
    if (this.#row()) return conflict("This workspace already exists.");
    const now = Date.now();
    this.ctx.storage.transactionSync(() => {
      this.#sql.exec(
        "INSERT INTO workspace (singleton, id, name, created_at, updated_at) VALUES (1, ?, ?, ?, ?)",
        workspaceId,
        name,
        now,
        now,
      );
      this.#sql.exec(
        "INSERT INTO members (user_id, role, joined_at, name, color) VALUES (?, 'owner', ?, ?, ?)",
        owner.id,
        now,
        owner.name,
        owner.color,
      );
    });
    await this.#memberListsChanged();
    return ok(this.#details("owner"));
  }

  /**
   * The caller's role, after checking that the workspace (and the project, if
   * given) exists and is not in the trash. Every route asks this first.
   */
  access(caller: Caller, projectId?: string, options: { trashed?: boolean } = {}): Outcome<Role> {
    const workspace = this.#row();
    if (!workspace || workspace.purging) return notFound("There is no such workspace.");
    const role = this.#role(caller.userId);
    if (!role) return forbidden("You are not a member of this workspace.");
    if (workspace.trashed_at !== null && !options.trashed) {
      return notFound("This workspace is in the trash.");
    }
    if (projectId !== undefined) {
      const project = this.#project(projectId);
      if (!project || (project.trashed_at !== null && !options.trashed)) {
        return notFound("There is no such project in this workspace.");
      }
    }
    return ok(role);
  }

  /** The workspace with its projects, their trees, and the trash. */
  details(caller: Caller): Outcome<WorkspaceDetails> {
    const role = this.access(caller);
    return role.ok ? ok(this.#details(role.value)) : role;
  }

  /** Checks that `fileId` is an active file of an active project here, for its socket. */
  fileAccess(caller: Caller, projectId: string, fileId: string): Outcome<Role> {
    const role = this.access(caller, projectId);
    if (!role.ok) return role;
    const tree = this.#tree(projectId);
    if (!tree?.files.some((file) => file.id === fileId)) {
      return notFound("There is no such file in this project; it may have been deleted.");
    }
    return role;
  }

  async rename(caller: Caller, name: string): Promise<Outcome<WorkspaceDetails>> {
    const role = this.#writeAccess(caller);
    if (!role.ok) return role;
    this.#sql.exec("UPDATE workspace SET name = ?, updated_at = ?", name, Date.now());
    await this.#changed();
    await this.#memberListsChanged();
    return ok(this.#details(role.value));
  }

  /** Sends the workspace to the trash (owners only); it is purged after 30 days. */
  async trash(caller: Caller): Promise<Outcome<null>> {
    const role = this.access(caller);
    if (!role.ok) return role;
    if (role.value !== "owner") return forbidden("Only an owner can delete a workspace.");
    const now = Date.now();
    this.#sql.exec("UPDATE workspace SET trashed_at = ?, updated_at = ?", now, now);
    await this.#scheduler.schedule("purge-workspace", "self", now + TRASH_RETENTION_MS);
    await this.#changed();
    await this.#memberListsChanged();
    await this.#disconnectFiles(
      this.#sql
        .exec<{ id: string }>("SELECT id FROM projects")
        .toArray()
        .map((row) => row.id),
      "This workspace was moved to the trash.",
    );
    return ok(null);
  }

  async restore(caller: Caller): Promise<Outcome<WorkspaceDetails>> {
    const role = this.access(caller, undefined, { trashed: true });
    if (!role.ok) return role;
    if (role.value !== "owner") return forbidden("Only an owner can restore a workspace.");
    if (this.#row()?.trashed_at === null) return ok(this.#details(role.value));
    this.#sql.exec("UPDATE workspace SET trashed_at = NULL, updated_at = ?", Date.now());
    await this.#scheduler.cancel("purge-workspace", "self");
    await this.#changed();
    await this.#memberListsChanged();
    return ok(this.#details(role.value));
  }

  /** Purges a trashed workspace now (owners only), instead of in 30 days. */
  async purgeNow(caller: Caller): Promise<Outcome<null>> {
    const role = this.access(caller, undefined, { trashed: true });
    if (!role.ok) return role;
    if (role.value !== "owner") return forbidden("Only an owner can delete a workspace.");
    if (this.#row()?.trashed_at === null) return conflict("Move the workspace to the trash first.");
    await this.#scheduler.schedule("purge-workspace", "self", Date.now());
    return ok(null);
  }

  async createProject(caller: Caller, name: string): Promise<Outcome<ProjectSummary>> {
    const role = this.#writeAccess(caller);
    if (!role.ok) return role;
    if (this.#activeProjectNamed(name))
      return conflict(`A project named "${name}" already exists.`);
    // A project lives in its workspace's jurisdiction; its id says so.
    const projectId = newId(jurisdictionOf(this.#row()!.id));
    // The child first: if it cannot start, nothing is recorded here.
    const init = await objectFor(this.env.PROJECTS, projectId).init(projectId, this.#row()!.id);
    if (!init.ok) return init;
    const now = Date.now();
    this.#sql.exec(
      "INSERT INTO projects (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)",
      projectId,
      name,
      now,
      now,
    );
    await this.#changed();
    return ok(this.#projectSummary(this.#project(projectId)!));
  }

  async renameProject(
    caller: Caller,
    projectId: string,
    name: string,
  ): Promise<Outcome<ProjectSummary>> {
    const role = this.#writeAccess(caller, projectId);
    if (!role.ok) return role;
    const existing = this.#activeProjectNamed(name);
    if (existing && existing.id !== projectId)
      return conflict(`A project named "${name}" already exists.`);
    this.#sql.exec(
      "UPDATE projects SET name = ?, updated_at = ? WHERE id = ?",
      name,
      Date.now(),
      projectId,
    );
    await this.#changed();
    return ok(this.#projectSummary(this.#project(projectId)!));
  }

  project(caller: Caller, projectId: string): Outcome<ProjectDetails> {
    const role = this.access(caller, projectId);
    if (!role.ok) return role;
    return ok(this.#projectDetails(this.#project(projectId)!));
  }

  async trashProject(caller: Caller, projectId: string): Promise<Outcome<TrashEntry>> {
    const role = this.#writeAccess(caller, projectId);
    if (!role.ok) return role;
    const now = Date.now();
    this.#sql.exec(
      "UPDATE projects SET trashed_at = ?, updated_at = ? WHERE id = ?",
      now,
      now,
      projectId,
    );
    await this.#scheduler.schedule("purge-project", projectId, now + TRASH_RETENTION_MS);
    await this.#changed();
    await this.#disconnectFiles([projectId], "This project was moved to the trash.");
    return ok(this.#trash().find((entry) => entry.id === projectId)!);
  }

  /** Where a trash entry lives, for a restore or purge; checks the caller may write. */
  locateTrash(caller: Caller, trashId: string): Outcome<TrashLocation> {
    const role = this.#writeAccess(caller);
    if (!role.ok) return role;
    const entry = this.#trash().find((candidate) => candidate.id === trashId);
    if (!entry) return notFound("That is not in the trash (it may have been restored or purged).");
    return ok({ kind: entry.kind, projectId: entry.projectId });
  }

  async restoreProject(caller: Caller, projectId: string): Promise<Outcome<ProjectSummary>> {
    const role = this.#writeAccess(caller);
    if (!role.ok) return role;
    const project = this.#project(projectId);
    if (!project || project.trashed_at === null)
      return notFound("That project is not in the trash.");
    const clash = this.#activeProjectNamed(project.name);
    if (clash) return conflict(`Cannot restore: a project named "${project.name}" exists now.`);
    this.#sql.exec(
      "UPDATE projects SET trashed_at = NULL, updated_at = ? WHERE id = ?",
      Date.now(),
      projectId,
    );
    await this.#scheduler.cancel("purge-project", projectId);
    await this.#changed();
    return ok(this.#projectSummary(this.#project(projectId)!));
  }

  /** Purges a trashed project now: its files' documents, then the project itself. */
  async purgeProject(caller: Caller, projectId: string): Promise<Outcome<null>> {
    const role = this.#writeAccess(caller);
    if (!role.ok) return role;
    const project = this.#project(projectId);
    if (!project || project.trashed_at === null)
      return notFound("That project is not in the trash.");
    await this.#scheduler.schedule("purge-project", projectId, Date.now());
    return ok(null);
  }

  /** Everyone in the workspace with their role. Members only. */
  members(caller: Caller): Outcome<Member[]> {
    const role = this.access(caller);
    if (!role.ok) return role;
    return ok(this.#members());
  }

  /**
   * Changes a member's role (owners only). There is always at least one
   * owner. The member's open documents follow within the call: their
   * sockets are downgraded (viewer) or upgraded at once.
   */
  async setRole(caller: Caller, userId: string, role: Role): Promise<Outcome<Member>> {
    const allowed = this.#ownerAccess(caller);
    if (!allowed.ok) return allowed;
    const current = this.#role(userId);
    if (!current) return notFound("That person is not a member of this workspace.");
    if (current === "owner" && role !== "owner" && this.#ownerCount() === 1) {
      return conflict("A workspace needs at least one owner; make someone else an owner first.");
    }
    this.#sql.exec("UPDATE members SET role = ? WHERE user_id = ?", role, userId);
    await this.#changed();
    await this.#memberListsChanged();
    await this.#roleChangedEverywhere(userId, role);
    const name = this.#row()!.name;
    await this.#notify(
      userId,
      `${this.#memberName(caller.userId)} made you ${role === "owner" ? "an owner" : `a ${role}`} of ${name}.`,
    );
    return ok(this.#members().find((member) => member.userId === userId)!);
  }

  /**
   * Removes a member (owners; or anyone leaving on their own). Their sockets
   * in every document here are closed with 4403 at once.
   */
  async removeMember(caller: Caller, userId: string): Promise<Outcome<null>> {
    const leaving = caller.userId === userId;
    const allowed = leaving ? this.access(caller) : this.#ownerAccess(caller);
    if (!allowed.ok) return allowed;
    const current = this.#role(userId);
    if (!current) return notFound("That person is not a member of this workspace.");
    if (current === "owner" && this.#ownerCount() === 1) {
      return conflict("A workspace needs at least one owner; make someone else an owner first.");
    }
    const workspace = this.#row()!;
    this.#sql.exec("DELETE FROM members WHERE user_id = ?", userId);
    this.#sql.exec("DELETE FROM presence WHERE user_id = ?", userId);
    await this.#changed();
    await this.env.USERS.get(this.env.USERS.idFromName(userId)).forgetWorkspace(workspace.id);
    await this.#roleChangedEverywhere(userId, null);
    if (!leaving) {
      await this.#notify(
        userId,
        `${this.#memberName(caller.userId)} removed you from ${workspace.name}.`,
      );
    }
    return ok(null);
  }

  /** Creates a share link (owners only); its token is returned once and stored only as a hash. */
  async createInvite(
    caller: Caller,
    body: InviteBody,
    origin: string,
  ): Promise<Outcome<CreatedInvite>> {
    const allowed = this.#ownerAccess(caller);
    if (!allowed.ok) return allowed;
    const workspaceId = this.#row()!.id;
    const secret = randomBase64Url(32);
    const token = `${workspaceId}.${secret}`;
    const now = Date.now();
    const invite: Invite = {
      id: newId(),
      role: body.role,
      createdAt: now,
      expiresAt: body.expiresInSeconds === undefined ? null : now + body.expiresInSeconds * 1000,
      revokedAt: null,
    };
    this.#sql.exec(
      `INSERT INTO invites (id, secret_hash, role, created_by, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
      invite.id,
      await hashToken(secret),
      invite.role,
      caller.userId,
      now,
      invite.expiresAt,
    );
    return ok({ ...invite, token, url: `${origin}/invite/${token}` });
  }

  /** The workspace's share links, newest first, without their tokens. Owners only. */
  invites(caller: Caller): Outcome<Invite[]> {
    const allowed = this.#ownerAccess(caller);
    if (!allowed.ok) return allowed;
    return ok(
      this.#sql
        .exec<InviteRow>("SELECT * FROM invites ORDER BY created_at DESC")
        .toArray()
        .map(inviteFromRow),
    );
  }

  /** Revokes a link at once; nobody can join with it afterwards. Owners only. */
  revokeInvite(caller: Caller, inviteId: string): Outcome<Invite> {
    const allowed = this.#ownerAccess(caller);
    if (!allowed.ok) return allowed;
    this.#sql.exec(
      "UPDATE invites SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
      Date.now(),
      inviteId,
    );
    const row = this.#sql
      .exec<InviteRow>("SELECT * FROM invites WHERE id = ?", inviteId)
      .toArray()[0];
    return row ? ok(inviteFromRow(row)) : notFound("There is no such link.");
  }

  /** What a link offers, for the page that asks a person to join. */
  async previewInvite(secret: string): Promise<Outcome<{ workspaceName: string; role: Role }>> {
    const invite = await this.#usableInvite(secret);
    if (!invite.ok) return invite;
    return ok({ workspaceName: this.#row()!.name, role: invite.value.role });
  }

  /**
   * Joins `user` with the link's role. Someone already a member keeps the
   * stronger of their role and the link's. A forged secret is 404; an expired
   * or revoked link is 410, and nobody joins.
   */
  async acceptInvite(secret: string, user: User): Promise<Outcome<AcceptedInvite>> {
    const invite = await this.#usableInvite(secret);
    if (!invite.ok) return invite;
    const workspace = this.#row()!;
    const existing = this.#role(user.id);
    if (existing) {
      const stronger =
        ROLES.indexOf(existing) <= ROLES.indexOf(invite.value.role) ? existing : invite.value.role;
      if (stronger !== existing) {
        this.#sql.exec("UPDATE members SET role = ? WHERE user_id = ?", stronger, user.id);
        await this.#memberListsChanged();
        await this.#roleChangedEverywhere(user.id, stronger);
      }
      return ok({ workspaceId: workspace.id, role: stronger });
    }
    this.#sql.exec(
      "INSERT INTO members (user_id, role, joined_at, name, color) VALUES (?, ?, ?, ?, ?)",
      user.id,
      invite.value.role,
      Date.now(),
      user.name,
      user.color,
    );
    await this.#changed();
    await this.#memberListsChanged();
    const inviter = this.#memberName(invite.value.created_by);
    await this.#notify(user.id, `${inviter} shared workspace ${workspace.name} with you.`);
    for (const owner of this.#members().filter((member) => member.role === "owner")) {
      await this.#notify(owner.userId, `${user.name} joined ${workspace.name}.`);
    }
    return ok({ workspaceId: workspace.id, role: invite.value.role });
  }

  /**
   * A member's user object reports which files of this workspace they have
   * open. A report older than the last one taken (they travel concurrently)
   * is dropped.
   */
  async presenceChanged(userId: string, fileIds: string[], sequence: number): Promise<void> {
    if (!this.#role(userId)) return;
    const newer = this.#sql.exec(
      `INSERT INTO presence_reports (user_id, sequence) VALUES (?, ?)
         ON CONFLICT (user_id) DO UPDATE SET sequence = excluded.sequence
         WHERE excluded.sequence > presence_reports.sequence`,
      userId,
      sequence,
    ).rowsWritten;
    if (newer === 0) return;
    this.ctx.storage.transactionSync(() => {
      this.#sql.exec("DELETE FROM presence WHERE user_id = ?", userId);
      for (const fileId of fileIds) {
        this.#sql.exec("INSERT INTO presence (user_id, file_id) VALUES (?, ?)", userId, fileId);
      }
    });
    const event = this.#treeEvent();
    if (event) this.#broadcast(event);
  }

  /** A project reports its tree; an older report than the one kept is ignored. */
  async receiveProjectTree(projectId: string, version: number, tree: ProjectTree): Promise<void> {
    if (!this.#project(projectId)) return;
    const stored = this.#sql
      .exec<{ version: number }>(
        "SELECT version FROM project_trees WHERE project_id = ?",
        projectId,
      )
      .toArray()[0];
    if (stored && stored.version >= version) return;
    this.#sql.exec(
      `INSERT INTO project_trees (project_id, version, tree) VALUES (?, ?, ?)
       ON CONFLICT (project_id) DO UPDATE SET version = excluded.version, tree = excluded.tree`,
      projectId,
      version,
      JSON.stringify(tree),
    );
    this.#sql.exec("UPDATE projects SET updated_at = ? WHERE id = ?", Date.now(), projectId);
    await this.#changed();
  }

  /** Ids of the members, for fan-out (their user objects' workspace lists). */
  memberIds(): string[] {
    return this.#sql
      .exec<{ user_id: string }>("SELECT user_id FROM members")
      .toArray()
      .map((row) => row.user_id);
  }

  /**
   * One step of purging a project, from the alarm. The bookmark is logged
   * before the first step so the data can be recovered with point-in-time
   * recovery; the project's rows are dropped only when it reports done.
   */
  async #purgeProjectStep(projectId: string) {
    const project = this.#project(projectId);
    if (!project || project.trashed_at === null) return;
    await this.#logOnce(`purge-project:${projectId}`, { projectId });
    const { done } = await objectFor(this.env.PROJECTS, projectId).purgeStep();
    if (!done) return { againAt: Date.now() };
    this.ctx.storage.transactionSync(() => {
      this.#sql.exec("DELETE FROM project_trees WHERE project_id = ?", projectId);
      this.#sql.exec("DELETE FROM projects WHERE id = ?", projectId);
    });
    await this.#changed();
    return undefined;
  }

  /** One step of purging the whole workspace: each project in turn, then itself. */
  async #purgeWorkspaceStep() {
    const workspace = this.#row();
    if (!workspace || workspace.trashed_at === null) return;
    await this.#logOnce("purge-workspace", {});
    this.#sql.exec("UPDATE workspace SET purging = 1");
    const next = this.#sql.exec<{ id: string }>("SELECT id FROM projects LIMIT 1").toArray()[0];
    if (next) {
      const { done } = await objectFor(this.env.PROJECTS, next.id).purgeStep();
      if (done) {
        this.#sql.exec("DELETE FROM project_trees WHERE project_id = ?", next.id);
        this.#sql.exec("DELETE FROM projects WHERE id = ?", next.id);
      }
      return { againAt: Date.now() };
    }
    this.#broadcast({ type: "deleted" });
    closeAll(this.ctx.getWebSockets(), CloseCode.notFound, "This workspace was deleted.");
    const members = this.memberIds();
    for (const userId of members) {
      const user = this.env.USERS.get(this.env.USERS.idFromName(userId));
      await user.forgetWorkspace(workspace.id);
    }
    this.#wipeRequested = true;
    // Kept scheduled until the wipe: if the object dies before it, this step
    // runs again (idempotently) and asks again.
    return { againAt: Date.now() + 60_000 };
  }

  async #usableInvite(secret: string): Promise<Outcome<InviteRow>> {
    const workspace = this.#row();
    const row = this.#sql
      .exec<InviteRow>("SELECT * FROM invites WHERE secret_hash = ?", await hashToken(secret))
      .toArray()[0];
    if (!workspace || workspace.purging || !row) {
      return notFound("This invite link is not valid. Ask for a new one.");
    }
    if (workspace.trashed_at !== null) return gone("This workspace was deleted.");
    if (row.revoked_at !== null) return gone("This invite link was revoked. Ask for a new one.");
    if (row.expires_at !== null && row.expires_at <= Date.now()) {
      return gone("This invite link has expired. Ask for a new one.");
    }
    return ok(row);
  }

  #ownerAccess(caller: Caller): Outcome<Role> {
    const role = this.access(caller);
    if (!role.ok) return role;
    if (role.value !== "owner") return forbidden("Only an owner can do that.");
    return role;
  }

  #ownerCount(): number {
    return this.#sql
      .exec<{ n: number }>("SELECT COUNT(*) AS n FROM members WHERE role = 'owner'")
      .one().n;
  }

  #members(): Member[] {
    return this.#sql
      .exec<{ user_id: string; name: string; color: string; role: Role; joined_at: number }>(
        "SELECT user_id, name, color, role, joined_at FROM members ORDER BY joined_at",
      )
      .toArray()
      .map((row) => ({
        userId: row.user_id,
        name: row.name,
        color: row.color,
        role: row.role,
        joinedAt: row.joined_at,
      }));
  }

  #memberName(userId: string): string {
    return (
      this.#sql
        .exec<{ name: string }>("SELECT name FROM members WHERE user_id = ?", userId)
        .toArray()[0]?.name || "Someone"
    );
  }

  async #notify(userId: string, text: string): Promise<void> {
    try {
      await this.env.USERS.get(this.env.USERS.idFromName(userId)).notify({
        text,
        workspaceId: this.#row()!.id,
      });
    } catch (error) {
      // The inbox is a courtesy; the change itself has happened.
      console.error(`could not notify ${userId}`, error);
    }
  }

  /**
   * Applies a member's new role (or removal, `null`) to every socket they
   * hold here: each document of the workspace, and the live tree.
   */
  async #roleChangedEverywhere(userId: string, role: Role | null): Promise<void> {
    const projectIds = this.#sql.exec<{ id: string }>("SELECT id FROM projects").toArray();
    const fileIds = projectIds.flatMap(
      ({ id }) => this.#tree(id)?.files.map((file) => file.id) ?? [],
    );
    await Promise.all(
      fileIds.map(async (fileId) => {
        try {
          await objectFor(this.env.DOCUMENTS, fileId).setMemberRole(userId, role);
        } catch (error) {
          console.error(`could not apply the new role in document ${fileId}`, error);
        }
      }),
    );
    for (const ws of this.ctx.getWebSockets()) {
      const attachment = ws.deserializeAttachment() as LiveAttachment;
      if (attachment.userId !== userId) continue;
      if (role === null)
        closeQuietly(ws, CloseCode.forbidden, "You were removed from this workspace.");
      else sendQuietly(ws, JSON.stringify({ type: "role", role } satisfies WorkspaceEvent));
    }
  }

  /**
   * Each member's user object keeps a copy of this workspace's name, their
   * role and whether it is in the trash (so "my workspaces" wakes no
   * workspace). Updated after every such change; a failure is retried from
   * the alarm until every copy is current.
   */
  async #memberListsChanged(): Promise<void> {
    try {
      await this.#updateMemberLists();
    } catch (error) {
      console.error("updating members' workspace lists failed; retrying from the alarm", error);
      await this.#scheduler.schedule("update-member-lists", "all", Date.now() + 1000);
    }
  }

  async #updateMemberLists(): Promise<void> {
    const workspace = this.#row();
    if (!workspace) return;
    const members = this.#sql
      .exec<{ user_id: string; role: Role }>("SELECT user_id, role FROM members")
      .toArray();
    await Promise.all(
      members.map((member) =>
        this.env.USERS.get(this.env.USERS.idFromName(member.user_id)).rememberWorkspace({
          id: workspace.id,
          name: workspace.name,
          role: member.role,
          trashedAt: workspace.trashed_at,
        }),
      ),
    );
  }

  /** Logs a purge once, with a point-in-time-recovery bookmark taken before it starts. */
  async #logOnce(event: string, detail: Record<string, unknown>): Promise<void> {
    const logged = this.#sql.exec("SELECT 1 FROM log WHERE event = ?", event).toArray().length;
    if (logged) return;
    const bookmark = await this.ctx.storage.getCurrentBookmark();
    this.#sql.exec(
      "INSERT INTO log (at, event, detail) VALUES (?, ?, ?)",
      Date.now(),
      event,
      JSON.stringify({ ...detail, bookmark }),
    );
  }

  #writeAccess(caller: Caller, projectId?: string): Outcome<Role> {
    const role = this.access(caller, projectId);
    if (!role.ok) return role;
    if (!canWrite(role.value)) return forbidden("Viewers cannot change this workspace.");
    return role;
  }

  #row(): WorkspaceRow | undefined {
    return this.#sql.exec<WorkspaceRow>("SELECT * FROM workspace").toArray()[0];
  }

  #role(userId: string): Role | undefined {
    return this.#sql
      .exec<{ role: Role }>("SELECT role FROM members WHERE user_id = ?", userId)
      .toArray()[0]?.role;
  }

  #project(projectId: string): ProjectRow | undefined {
    return this.#sql
      .exec<ProjectRow>("SELECT * FROM projects WHERE id = ?", projectId)
      .toArray()[0];
  }

  #activeProjectNamed(name: string): ProjectRow | undefined {
    return this.#sql
      .exec<ProjectRow>(
        "SELECT * FROM projects WHERE trashed_at IS NULL AND name = ? COLLATE NOCASE",
        name,
      )
      .toArray()[0];
  }

  #tree(projectId: string): ProjectTree | undefined {
    const row = this.#sql
      .exec<{ tree: string }>("SELECT tree FROM project_trees WHERE project_id = ?", projectId)
      .toArray()[0];
    return row ? (JSON.parse(row.tree) as ProjectTree) : undefined;
  }

  #projectSummary(row: ProjectRow): ProjectSummary {
    return { id: row.id, name: row.name, createdAt: row.created_at, updatedAt: row.updated_at };
  }

  #projectDetails(row: ProjectRow): ProjectDetails {
    const tree = this.#tree(row.id) ?? { files: [], folders: [], trash: [] };
    return { ...this.#projectSummary(row), ...tree };
  }

  #trash(): TrashEntry[] {
    const projects = this.#sql.exec<ProjectRow>("SELECT * FROM projects").toArray();
    const entries: TrashEntry[] = [];
    for (const project of projects) {
      if (project.trashed_at !== null) {
        entries.push({
          kind: "project",
          id: project.id,
          projectId: project.id,
          label: project.name,
          trashedAt: project.trashed_at,
          purgeAt: project.trashed_at + TRASH_RETENTION_MS,
        });
      } else {
        entries.push(...(this.#tree(project.id)?.trash ?? []));
      }
    }
    return entries.sort((a, b) => b.trashedAt - a.trashedAt);
  }

  #details(role: Role): WorkspaceDetails {
    const workspace = this.#row()!;
    const projects = this.#sql
      .exec<ProjectRow>(
        "SELECT * FROM projects WHERE trashed_at IS NULL ORDER BY name COLLATE NOCASE",
      )
      .toArray()
      .map((row) => this.#projectDetails(row));
    return {
      id: workspace.id,
      name: workspace.name,
      role,
      jurisdiction: jurisdictionReport(workspace.id, this.ctx.id),
      createdAt: workspace.created_at,
      updatedAt: workspace.updated_at,
      version: workspace.version,
      projects,
      trash: this.#trash(),
      presence: this.#filePresence(),
    };
  }

  /** Who has which file open: file id → the members there. */
  #filePresence(): Record<string, PresentMember[]> {
    const rows = this.#sql
      .exec<{ file_id: string; user_id: string; name: string; color: string }>(
        `SELECT presence.file_id, members.user_id, members.name, members.color
         FROM presence JOIN members ON members.user_id = presence.user_id
         ORDER BY presence.file_id, members.name`,
      )
      .toArray();
    const byFile: Record<string, PresentMember[]> = {};
    for (const row of rows) {
      (byFile[row.file_id] ??= []).push({ userId: row.user_id, name: row.name, color: row.color });
    }
    return byFile;
  }

  #treeEvent(): WorkspaceEvent | undefined {
    const workspace = this.#row();
    if (!workspace) return undefined;
    const { role: _role, ...details } = this.#details("viewer");
    return { type: "tree", workspace: details };
  }

  /** Bumps the version and pushes the new tree to every live socket. */
  async #changed(): Promise<void> {
    this.#sql.exec("UPDATE workspace SET version = version + 1");
    const event = this.#treeEvent();
    if (event) this.#broadcast(event);
  }

  #broadcast(event: WorkspaceEvent): void {
    broadcast(this.ctx.getWebSockets(), JSON.stringify(event));
  }

  /**
   * Closes the sockets of every file in these projects (they went to the
   * trash). Best effort: the Worker refuses new sockets to them anyway.
   */
  async #disconnectFiles(projectIds: string[], reason: string): Promise<void> {
    const fileIds = projectIds.flatMap((id) => this.#tree(id)?.files.map((file) => file.id) ?? []);
    await Promise.all(
      fileIds.map(async (fileId) => {
        try {
          await objectFor(this.env.DOCUMENTS, fileId).disconnectAll(CloseCode.notFound, reason);
        } catch (error) {
          console.error(`could not disconnect document ${fileId}`, error);
        }
      }),
    );
  }
}
