import * as v from "valibot";
import { CONTROL_CHARACTERS, invisibleProblem } from "../text.ts";
import { isId } from "../ids.ts";
import { JURISDICTIONS } from "../jurisdictions.ts";
import { RoleSchema } from "../roles.ts";

/**
 * The HTTP API's shapes for workspaces, projects, folders and files, with the
 * valibot schemas that check request bodies. Names and paths are validated
 * here once, for the Worker and the app alike.
 */

export const MAX_NAME_LENGTH = 100;
export const MAX_PATH_DEPTH = 16;

/** Why `name` is not a valid workspace, project, folder or file name, or undefined if it is. */
export function nameProblem(name: string): string | undefined {
  if (name.length === 0) return "must not be empty";
  if (name.length > MAX_NAME_LENGTH) return `must be at most ${MAX_NAME_LENGTH} characters`;
  if (CONTROL_CHARACTERS.test(name)) return "must not contain control characters";
  if (name.includes("/")) return "must not contain '/'";
  if (name.trim() !== name) return "must not start or end with spaces";
  return invisibleProblem(name);
}

/** A path normalised, or why it cannot be. */
export type PathResult = { ok: true; path: string } | { ok: false; problem: string };

/**
 * Normalises a folder or file path inside a project: Unicode NFC, one leading
 * "/" dropped. Refuses "." and "..", empty segments ("a//b"), a segment that
 * is not a valid name or could escape a zip's folder (a backslash, a drive letter),
 * and more than `MAX_PATH_DEPTH` levels.
 */
export function normalizePath(raw: string): PathResult {
  const path = raw.normalize("NFC").replace(/^\//, "");
  if (path.length === 0) return { ok: false, problem: "must not be empty" };
  const segments = path.split("/");
  if (segments.length > MAX_PATH_DEPTH) {
    return { ok: false, problem: `must have at most ${MAX_PATH_DEPTH} levels` };
  }
  for (const segment of segments) {
    if (segment === "")
      return { ok: false, problem: "must not have empty segments ('//' or a trailing '/')" };
    if (segment === "." || segment === "..")
      return { ok: false, problem: "must not contain '.' or '..'" };
    const problem = nameProblem(segment) ?? escapeProblem(segment);
    if (problem) return { ok: false, problem: `segment "${segment.slice(0, 40)}" ${problem}` };
  }
  return { ok: true, path: segments.join("/") };
}

/**
 * What would let a path leave its folder when the project's zip is unpacked
 * on Windows: "\" is a separator there, and "C:" a drive (issue 15.7).
 */
function escapeProblem(segment: string): string | undefined {
  if (segment.includes("\\")) return "must not contain '\\'";
  if (/^[A-Za-z]:/.test(segment)) return "must not start with a drive letter (such as C:)";
  return undefined;
}

/** The last segment of a path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

const NameSchema = v.pipe(
  v.string("must be a string"),
  v.transform((name) => name.normalize("NFC")),
  v.check(
    (name) => nameProblem(name) === undefined,
    (issue) => nameProblem(String(issue.input)) ?? "is invalid",
  ),
);

const PathSchema = v.pipe(
  v.string("must be a string"),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const result = normalizePath(dataset.value);
    if (!result.ok) {
      addIssue({ message: result.problem });
      return NEVER;
    }
    return result.path;
  }),
);

/** `POST /api/workspaces`, `POST .../projects`, and their renames. */
export const NameBody = v.strictObject({ name: NameSchema }, "must be an object with only a name");
/** `POST .../files`, `POST .../folders`, and their renames and moves. */
export const PathBody = v.strictObject({ path: PathSchema }, "must be an object with only a path");

const IdSchema = v.pipe(
  v.string("must be a string"),
  v.check((id) => isId(id), "must be an id"),
);

/**
 * `POST .../projects/:project/moves`: a file (by id) or a folder (by path)
 * of this project goes to another project of the workspace, at `path` there.
 */
export const ProjectMoveBody = v.union(
  [
    v.strictObject({ file: IdSchema, project: IdSchema, path: PathSchema }),
    v.strictObject({ folder: PathSchema, project: IdSchema, path: PathSchema }),
  ],
  "must be an object with a file (an id) or a folder (a path), and the project and path it goes to",
);
export type ProjectMoveBody = v.InferOutput<typeof ProjectMoveBody>;

/** What a move to another project did: the files that went, and the paths of any that stayed. */
export const ProjectMoveResult = v.object({
  projectId: v.string(),
  path: v.string(),
  moved: v.number(),
  left: v.array(v.string()),
});
export type ProjectMoveResult = v.InferOutput<typeof ProjectMoveResult>;

/**
 * `POST /api/workspaces`: a name, and optionally the data jurisdiction the
 * workspace is kept in. Fixed at creation: its id carries it.
 */
export const NewWorkspaceBody = v.strictObject(
  {
    name: NameSchema,
    jurisdiction: v.optional(
      v.picklist(JURISDICTIONS, `must be one of ${JURISDICTIONS.map((j) => `"${j}"`).join(", ")}`),
    ),
  },
  "must be an object with a name and optionally a jurisdiction",
);

export type NameBody = v.InferOutput<typeof NameBody>;
export type NewWorkspaceBody = v.InferOutput<typeof NewWorkspaceBody>;
export type PathBody = v.InferOutput<typeof PathBody>;

/** A file (a document) in a project's tree. */
export const FileEntry = v.object({
  id: v.string(),
  projectId: v.string(),
  path: v.string(),
  createdAt: v.number(),
  updatedAt: v.number(),
  /** Who holds the file's lock and until when, as its document last reported; absent when free. */
  lock: v.optional(
    v.object({ holder: v.object({ id: v.string(), name: v.string() }), expiresAt: v.number() }),
  ),
});
export type FileEntry = v.InferOutput<typeof FileEntry>;

/** A file as the API returns it alone, with the URL its socket answers at. */
export const FileDetails = v.object({
  ...FileEntry.entries,
  workspaceId: v.string(),
  syncUrl: v.string(),
});
export type FileDetails = v.InferOutput<typeof FileDetails>;

/** An explicit folder (folders also exist implicitly as the parents of files). */
export const FolderEntry = v.object({
  projectId: v.string(),
  path: v.string(),
  createdAt: v.number(),
});
export type FolderEntry = v.InferOutput<typeof FolderEntry>;

/** Something in the trash, restorable until `purgeAt`. */
export const TrashEntry = v.object({
  kind: v.picklist(["project", "folder", "file"]),
  /** The project's or file's id; for a folder, "<projectId>.<n>" (its trash id). */
  id: v.string(),
  projectId: v.string(),
  /** What a person recognises: the project's name or the folder's or file's path. */
  label: v.string(),
  trashedAt: v.number(),
  purgeAt: v.number(),
  /** Who moved it to the trash, as their name was then; absent for what was trashed before it was kept. */
  trashedBy: v.optional(v.string()),
});
export type TrashEntry = v.InferOutput<typeof TrashEntry>;

/** One project's part of the tree, as the project reports it to its workspace. */
export const ProjectTree = v.object({
  files: v.array(FileEntry),
  folders: v.array(FolderEntry),
  trash: v.array(TrashEntry),
});
export type ProjectTree = v.InferOutput<typeof ProjectTree>;

export const ProjectSummary = v.object({
  id: v.string(),
  name: v.string(),
  createdAt: v.number(),
  updatedAt: v.number(),
});
export type ProjectSummary = v.InferOutput<typeof ProjectSummary>;

export const ProjectDetails = v.object({ ...ProjectSummary.entries, ...ProjectTree.entries });
export type ProjectDetails = v.InferOutput<typeof ProjectDetails>;

export const WorkspaceSummary = v.object({
  id: v.string(),
  name: v.string(),
  role: RoleSchema,
  createdAt: v.optional(v.number()),
  updatedAt: v.number(),
  /** When you joined it (in your own list of workspaces). */
  joinedAt: v.optional(v.number()),
  /** Set while the workspace is in the trash (restorable by an owner until purged). */
  trashedAt: v.optional(v.number()),
});
export type WorkspaceSummary = v.InferOutput<typeof WorkspaceSummary>;

/** `GET /api/workspaces`: the workspaces you belong to, from your own user object. */
export const WorkspaceList = v.object({ workspaces: v.array(WorkspaceSummary) });

/**
 * The data jurisdiction a workspace was created with, and whether this
 * runtime keeps it there. `applied` is false where the runtime does not
 * implement jurisdictions (local workerd); `note` then says where the data is.
 */
export const JurisdictionReport = v.variant("applied", [
  v.object({ requested: v.picklist(JURISDICTIONS), applied: v.literal(true) }),
  v.object({ requested: v.picklist(JURISDICTIONS), applied: v.literal(false), note: v.string() }),
]);
export type JurisdictionReport = v.InferOutput<typeof JurisdictionReport>;

/** A member shown beside a file they have open. */
export const PresentMember = v.object({ userId: v.string(), name: v.string(), color: v.string() });
export type PresentMember = v.InferOutput<typeof PresentMember>;

/** `GET /api/workspaces/:ws`: the workspace with every project's tree. */
export const WorkspaceDetails = v.object({
  id: v.string(),
  name: v.string(),
  role: RoleSchema,
  /** Null for a workspace in the default location (no jurisdiction asked for). */
  jurisdiction: v.nullable(JurisdictionReport),
  createdAt: v.number(),
  updatedAt: v.number(),
  /** Bumped on every change, so a client can drop stale snapshots. */
  version: v.number(),
  projects: v.array(ProjectDetails),
  /** Trashed projects, folders and files, newest first. */
  trash: v.array(TrashEntry),
  /** Who has which file open right now: file id → members. */
  presence: v.record(v.string(), v.array(PresentMember)),
});
export type WorkspaceDetails = v.InferOutput<typeof WorkspaceDetails>;

/** `GET /api/workspaces/:ws/trash`. */
export const TrashList = v.object({ trash: v.array(TrashEntry) });

/** Server → client messages on the workspace's live socket (JSON text frames). */
export const WorkspaceEvent = v.variant("type", [
  v.object({ type: v.literal("tree"), workspace: v.omit(WorkspaceDetails, ["role"]) }),
  /** Your own role changed (sent only to you). */
  v.object({ type: v.literal("role"), role: RoleSchema }),
  /** One member's open files now (replaces theirs in `presence`; the tree is not resent). */
  v.object({ type: v.literal("presence"), member: PresentMember, fileIds: v.array(v.string()) }),
  v.object({ type: v.literal("deleted") }),
]);
export type WorkspaceEvent = v.InferOutput<typeof WorkspaceEvent>;

/** How long something stays in the trash before it is purged. */
export const TRASH_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
