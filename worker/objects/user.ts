import { DurableObject } from "cloudflare:workers";
import type { User } from "../../shared/api/session.ts";
import * as v from "valibot";
import type { InboxItem } from "../../shared/api/members.ts";
import {
  type Presence,
  type PresenceStatus,
  UserClientMessage,
  type UserEvent,
} from "../../shared/api/presence.ts";
import { CloseCode } from "../../shared/errors.ts";
import type { WorkspaceSummary } from "../../shared/api/tree.ts";
import type { Role } from "../../shared/roles.ts";
import { applyMigrations, type Migration } from "../lib/migrations.ts";
import { objectFor } from "../lib/placement.ts";
import { startUp } from "../lib/start-up.ts";
import { answerClose, broadcast, closeQuietly } from "../lib/sockets.ts";
import { notFound, ok, type Outcome } from "../lib/outcome.ts";

/** Append-only schema of a user's SQLite (see `applyMigrations`). */
const migrations: readonly Migration[] = [
  {
    id: "0001-user",
    sql: `CREATE TABLE profile (
            singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
            id TEXT NOT NULL,
            name TEXT NOT NULL,
            color TEXT NOT NULL,
            created_at INTEGER NOT NULL
          );
          -- The user's copy of their memberships, kept by the workspaces, so
          -- listing "my workspaces" wakes no workspace.
          CREATE TABLE workspaces (
            workspace_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
            joined_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
          );
          CREATE INDEX workspaces_by_update ON workspaces (updated_at)`,
  },
  {
    id: "0002-workspace-trash",
    sql: "ALTER TABLE workspaces ADD COLUMN trashed_at INTEGER",
  },
  {
    id: "0003-inbox",
    sql: `CREATE TABLE inbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            text TEXT NOT NULL,
            workspace_id TEXT NOT NULL,
            at INTEGER NOT NULL
          )`,
  },
  {
    id: "0004-presence",
    sql: `-- Which files each session has open, reported by the documents.
          CREATE TABLE open_documents (
            session_hash TEXT NOT NULL,
            file_id TEXT NOT NULL,
            workspace_id TEXT NOT NULL,
            sockets INTEGER NOT NULL,
            PRIMARY KEY (session_hash, file_id)
          )`,
  },
  {
    id: "0005-presence-sequence",
    sql: `-- Numbers each presence report, so a workspace can drop one that arrives late.
          CREATE TABLE presence_sequence (value INTEGER NOT NULL);
          INSERT INTO presence_sequence (value) VALUES (0)`,
  },
];

/** What a tab's live socket carries through hibernation. */
interface TabAttachment {
  sessionHash: string;
  visible: boolean;
}

/** A document's report that a session opened or closed it. */
interface DocumentReport {
  sessionHash: string;
  workspaceId: string;
  fileId: string;
}

/** How many notifications a person's inbox keeps; older ones are dropped. */
const INBOX_SIZE = 100;

/** A user's profile, with when they first signed in. */
export interface UserProfile extends User {
  createdAt: number;
}

/** A workspace in the user's list. */
export interface RememberedWorkspace extends WorkspaceSummary {
  joinedAt: number;
}

interface ProfileRow {
  id: string;
  name: string;
  color: string;
  created_at: number;
  [column: string]: SqlStorageValue;
}

interface WorkspaceRow {
  workspace_id: string;
  name: string;
  role: Role;
  joined_at: number;
  updated_at: number;
  trashed_at: number | null;
  [column: string]: SqlStorageValue;
}

/**
 * One person (`idFromName(userId)`): their profile and the index of the
 * workspaces they belong to. The Worker reaches it only for a signed-in
 * user, so an unknown or forged session never creates one.
 */
export class UserObject extends DurableObject<Env> {
  readonly #sql = this.ctx.storage.sql;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Tabs keep their socket alive with "ping"; the runtime answers without waking us.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
    startUp(ctx, () => {
      applyMigrations(ctx.storage, migrations);
    });
  }

  /** Stores the profile at sign-up. Idempotent: an existing profile is kept and returned. */
  initProfile(user: User): UserProfile {
    this.#sql.exec(
      `INSERT INTO profile (singleton, id, name, color, created_at) VALUES (1, ?, ?, ?, ?)
       ON CONFLICT (singleton) DO NOTHING`,
      user.id,
      user.name,
      user.color,
      Date.now(),
    );
    return this.#profile()!;
  }

  /** The profile, or not found before `initProfile`. */
  profile(): Outcome<UserProfile> {
    const profile = this.#profile();
    return profile ? ok(profile) : notFound("There is no such user.");
  }

  /** Changes the name, the colour or both; the rest stays. */
  updateProfile(changes: { name?: string; color?: string }): Outcome<UserProfile> {
    const current = this.#profile();
    if (!current) return notFound("There is no such user.");
    this.#sql.exec(
      "UPDATE profile SET name = ?, color = ? WHERE singleton = 1",
      changes.name ?? current.name,
      changes.color ?? current.color,
    );
    return ok(this.#profile()!);
  }

  /**
   * Adds a workspace to the list or updates its name, role and trash state;
   * the join time stays.
   */
  rememberWorkspace(workspace: {
    id: string;
    name: string;
    role: Role;
    trashedAt?: number | null;
  }): void {
    const now = Date.now();
    this.#sql.exec(
      `INSERT INTO workspaces (workspace_id, name, role, joined_at, updated_at, trashed_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (workspace_id) DO UPDATE SET name = excluded.name, role = excluded.role,
         updated_at = excluded.updated_at, trashed_at = excluded.trashed_at`,
      workspace.id,
      workspace.name,
      workspace.role,
      now,
      now,
      workspace.trashedAt ?? null,
    );
  }

  /** Drops a workspace from the list (left, removed or deleted). Idempotent. */
  forgetWorkspace(workspaceId: string): void {
    this.#sql.exec("DELETE FROM workspaces WHERE workspace_id = ?", workspaceId);
  }

  /** The user's workspaces, most recently changed first. */
  listWorkspaces(): RememberedWorkspace[] {
    return this.#sql
      .exec<WorkspaceRow>("SELECT * FROM workspaces ORDER BY updated_at DESC, workspace_id")
      .toArray()
      .map((row) => ({
        id: row.workspace_id,
        name: row.name,
        role: row.role,
        joinedAt: row.joined_at,
        updatedAt: row.updated_at,
        ...(row.trashed_at === null ? {} : { trashedAt: row.trashed_at }),
      }));
  }

  /**
   * The live socket of one of the person's tabs (`GET /api/me/live`; the
   * Worker has checked the session). It gets the presence and new inbox
   * items as they change, and tells whether the tab is visible.
   */
  override async fetch(request: Request): Promise<Response> {
    const sessionHash = request.headers.get("X-Quire-Session");
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket" || !sessionHash) {
      return new Response("Expected a WebSocket upgrade from the Worker", { status: 400 });
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ sessionHash, visible: true } satisfies TabAttachment);
    this.#broadcast({ type: "presence", presence: this.presence() });
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    let parsed: v.SafeParseResult<typeof UserClientMessage> | undefined;
    if (typeof message === "string" && message.length <= 1024) {
      try {
        parsed = v.safeParse(UserClientMessage, JSON.parse(message));
      } catch {
        parsed = undefined;
      }
    }
    if (!parsed?.success) {
      ws.close(CloseCode.badMessage, 'expected {"type":"visibility","visible":true|false}');
      return;
    }
    const attachment = ws.deserializeAttachment() as TabAttachment;
    ws.serializeAttachment({
      ...attachment,
      visible: parsed.output.visible,
    } satisfies TabAttachment);
    this.#broadcast({ type: "presence", presence: this.presence() });
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    answerClose(ws, code, reason);
    this.#broadcast({ type: "presence", presence: this.presence() });
  }

  /** online if a tab is visible, away if tabs are open but hidden, else offline; and open files. */
  presence(): Presence {
    const tabs = this.ctx
      .getWebSockets()
      .filter((ws) => ws.readyState === WebSocket.OPEN)
      .map((ws) => ws.deserializeAttachment() as TabAttachment);
    const status: PresenceStatus = tabs.some((tab) => tab.visible)
      ? "online"
      : tabs.length > 0
        ? "away"
        : "offline";
    const openFiles = this.#sql
      .exec<{ workspace_id: string; file_id: string }>(
        "SELECT DISTINCT workspace_id, file_id FROM open_documents ORDER BY workspace_id, file_id",
      )
      .toArray()
      .map((row) => ({ workspaceId: row.workspace_id, fileId: row.file_id }));
    return { status, openFiles };
  }

  /** A document accepted a socket of this person's session. */
  async documentOpened(report: DocumentReport): Promise<void> {
    this.#sql.exec(
      `INSERT INTO open_documents (session_hash, file_id, workspace_id, sockets) VALUES (?, ?, ?, 1)
       ON CONFLICT (session_hash, file_id) DO UPDATE SET sockets = sockets + 1`,
      report.sessionHash,
      report.fileId,
      report.workspaceId,
    );
    await this.#presenceChanged([report.workspaceId]);
  }

  /** A document lost a socket of this person's session. */
  async documentClosed(report: DocumentReport): Promise<void> {
    this.#sql.exec(
      "UPDATE open_documents SET sockets = sockets - 1 WHERE session_hash = ? AND file_id = ?",
      report.sessionHash,
      report.fileId,
    );
    this.#sql.exec("DELETE FROM open_documents WHERE sockets <= 0");
    await this.#presenceChanged([report.workspaceId]);
  }

  /**
   * Pushes the new presence to the person's tabs, and to each workspace
   * concerned which files they have open there (the tree shows it).
   */
  async #presenceChanged(workspaceIds: string[]): Promise<void> {
    const presence = this.presence();
    this.#broadcast({ type: "presence", presence });
    const userId = this.#profile()?.id;
    if (!userId) return;
    // Reports leave concurrently and may arrive out of order; the number
    // lets the workspace keep only the newest.
    const { value: sequence } = this.#sql
      .exec<{ value: number }>("UPDATE presence_sequence SET value = value + 1 RETURNING value")
      .one();
    await Promise.all(
      [...new Set(workspaceIds)].map(async (workspaceId) => {
        const fileIds = presence.openFiles
          .filter((file) => file.workspaceId === workspaceId)
          .map((file) => file.fileId);
        try {
          await objectFor(this.env.WORKSPACES, workspaceId).presenceChanged(
            userId,
            fileIds,
            sequence,
          );
        } catch (error) {
          console.error(`could not tell workspace ${workspaceId} about presence`, error);
        }
      }),
    );
  }

  /**
   * The session signed out: every socket it has open closes now, in each
   * document it has open and here.
   */
  async signOut(sessionHash: string): Promise<void> {
    const open = this.#sql
      .exec<{ file_id: string; workspace_id: string }>(
        "SELECT file_id, workspace_id FROM open_documents WHERE session_hash = ?",
        sessionHash,
      )
      .toArray();
    const fileIds = open.map((row) => row.file_id);
    await Promise.all(
      fileIds.map((fileId) => objectFor(this.env.DOCUMENTS, fileId).closeSession(sessionHash)),
    );
    this.#sql.exec("DELETE FROM open_documents WHERE session_hash = ?", sessionHash);
    for (const ws of this.ctx.getWebSockets()) {
      if ((ws.deserializeAttachment() as TabAttachment).sessionHash !== sessionHash) continue;
      closeQuietly(ws, CloseCode.unauthorized, "You signed out.");
    }
    await this.#presenceChanged(open.map((row) => row.workspace_id));
  }

  /** Adds a notification ("Ada shared workspace Team with you") to the inbox. */
  notify(item: { text: string; workspaceId: string }): void {
    const at = Date.now();
    const { id } = this.#sql
      .exec<{ id: number }>(
        "INSERT INTO inbox (text, workspace_id, at) VALUES (?, ?, ?) RETURNING id",
        item.text,
        item.workspaceId,
        at,
      )
      .one();
    this.#broadcast({
      type: "inbox",
      item: { id, text: item.text, workspaceId: item.workspaceId, at },
    });
    this.#sql.exec("DELETE FROM inbox WHERE id <= (SELECT MAX(id) FROM inbox) - ?", INBOX_SIZE);
  }

  /** The newest notifications first. */
  inbox(): InboxItem[] {
    return this.#sql
      .exec<{ id: number; text: string; workspace_id: string; at: number }>(
        "SELECT id, text, workspace_id, at FROM inbox ORDER BY id DESC",
      )
      .toArray()
      .map((row) => ({ id: row.id, text: row.text, workspaceId: row.workspace_id, at: row.at }));
  }

  #broadcast(event: UserEvent): void {
    broadcast(this.ctx.getWebSockets(), JSON.stringify(event));
  }

  #profile(): UserProfile | undefined {
    const row = this.#sql.exec<ProfileRow>("SELECT * FROM profile").toArray()[0];
    return row && { id: row.id, name: row.name, color: row.color, createdAt: row.created_at };
  }
}
