import type { ProjectDetails, ProjectSummary, TrashEntry } from "../../shared/api/tree.ts";
import { jurisdictionOf, newId } from "../../shared/ids.ts";
import { conflict, forbidden, notFound, ok, type Outcome } from "../lib/outcome.ts";
import { objectFor } from "../lib/placement.ts";
import type { Access, Caller } from "./access.ts";
import { trashedReason } from "../project/trash.ts";
import type { FanOut } from "./fan-out.ts";
import type { Members } from "./members.ts";
import type { ProjectRow } from "./schema.ts";
import type { WorkspaceRecord } from "./record.ts";
import type { TrashAndPurge } from "./trash.ts";
import type { TreeReadModel } from "./tree.ts";

/** Where a trash entry lives, so the Worker can send a restore or purge to its owner. */
export type TrashLocation =
  | { kind: "project"; projectId: string }
  | { kind: "file" | "folder"; projectId: string };

/** The parts the project operations work with. */
export interface ProjectParts {
  env: Env;
  access: Access;
  record: WorkspaceRecord;
  members: Members;
  tree: TreeReadModel;
  trash: TrashAndPurge;
  fanOut: FanOut;
  /** Bumps the workspace's version and pushes the tree. */
  changed(): void;
}

/** What a change answers when another request deleted the project while it awaited. */
const GONE_MEANWHILE = "That project was deleted meanwhile.";

/**
 * The workspace's projects: creating one (its object first), renaming it
 * (names are unique among active projects), and its trip to the trash and
 * back or on to the purge. Files and folders belong to each project's own
 * object; the workspace only finds which project holds a trash entry.
 */
export class Projects {
  readonly #parts: ProjectParts;

  constructor(parts: ProjectParts) {
    this.#parts = parts;
  }

  async create(caller: Caller, name: string): Promise<Outcome<ProjectSummary>> {
    const { access, tree, record, env } = this.#parts;
    const role = access.writer(caller);
    if (!role.ok) return role;
    if (tree.activeProjectNamed(name)) return conflict(`A project named "${name}" already exists.`);
    const workspaceId = record.get()!.id;
    // A project lives in its workspace's jurisdiction; its id says so.
    const projectId = newId(jurisdictionOf(workspaceId));
    // The child first: if it cannot start, nothing is recorded here.
    const init = await objectFor(env.PROJECTS, projectId).init(projectId, workspaceId);
    if (!init.ok) return init;
    tree.addProject(projectId, name);
    this.#parts.changed();
    return this.#summary(projectId);
  }

  async rename(caller: Caller, projectId: string, name: string): Promise<Outcome<ProjectSummary>> {
    const { access, tree } = this.#parts;
    const role = access.writer(caller, projectId);
    if (!role.ok) return role;
    const existing = tree.activeProjectNamed(name);
    if (existing && existing.id !== projectId) {
      return conflict(`A project named "${name}" already exists.`);
    }
    tree.renameProject(projectId, name);
    this.#parts.changed();
    return this.#summary(projectId);
  }

  details(caller: Caller, projectId: string): Outcome<ProjectDetails> {
    const role = this.#parts.access.member(caller, projectId);
    if (!role.ok) return role;
    return ok(this.#parts.tree.details(this.#parts.tree.project(projectId)!));
  }

  /**
   * Moves a project to the trash (owners only: it takes every file in it;
   * editors trash files and folders). Everyone with one of its files open
   * is told who did it.
   */
  async trash(caller: Caller, projectId: string): Promise<Outcome<TrashEntry>> {
    const { access, tree, trash, fanOut, members } = this.#parts;
    const role = access.member(caller, projectId);
    if (!role.ok) return role;
    if (role.value !== "owner") return forbidden("Only an owner can delete a project.");
    const by = members.nameOf(caller.userId);
    const what = `The project ${tree.project(projectId)!.name}`;
    await trash.trashProject(projectId, by);
    this.#parts.changed();
    await fanOut.disconnectFiles(tree.fileIds([projectId]), trashedReason(what, by));
    const entry = tree.trash().find((candidate) => candidate.id === projectId);
    return entry ? ok(entry) : notFound(GONE_MEANWHILE);
  }

  /** Where a trash entry lives, for a restore or purge; checks the caller may write. */
  locateTrash(caller: Caller, trashId: string): Outcome<TrashLocation> {
    const role = this.#parts.access.writer(caller);
    if (!role.ok) return role;
    const entry = this.#parts.tree.trash().find((candidate) => candidate.id === trashId);
    if (!entry) return notFound("That is not in the trash (it may have been restored or purged).");
    return ok({ kind: entry.kind, projectId: entry.projectId });
  }

  async restore(caller: Caller, projectId: string): Promise<Outcome<ProjectSummary>> {
    const { tree, trash } = this.#parts;
    const project = this.#trashedProject(caller, projectId);
    if (!project.ok) return project;
    const { name } = project.value;
    if (tree.activeProjectNamed(name)) {
      return conflict(`Cannot restore: a project named "${name}" exists now.`);
    }
    await trash.restoreProject(projectId);
    this.#parts.changed();
    return this.#summary(projectId);
  }

  /** Purges a trashed project now (owners only): its files' documents, then the project itself. */
  async purge(caller: Caller, projectId: string): Promise<Outcome<null>> {
    const owner = this.#parts.access.owner(caller, "Only an owner can delete a project forever.");
    if (!owner.ok) return owner;
    const project = this.#trashedProject(caller, projectId);
    if (!project.ok) return project;
    await this.#parts.trash.purgeProjectNow(projectId);
    return ok(null);
  }

  /**
   * The project's summary after a change. Another request may have purged it
   * while this one awaited: 404 then, not a 500 (issue 15.9).
   */
  #summary(projectId: string): Outcome<ProjectSummary> {
    const project = this.#parts.tree.project(projectId);
    return project ? ok(this.#parts.tree.summary(project)) : notFound(GONE_MEANWHILE);
  }

  /** A project in the trash, for a writer to restore or purge. */
  #trashedProject(caller: Caller, projectId: string): Outcome<ProjectRow> {
    const role = this.#parts.access.writer(caller);
    if (!role.ok) return role;
    const project = this.#parts.tree.project(projectId);
    if (!project || project.trashed_at === null) {
      return notFound("That project is not in the trash.");
    }
    return ok(project);
  }
}
