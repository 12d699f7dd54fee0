import { AccountSummary, DeleteAccountBody } from "./account.ts";
import {
  EditCommentBody,
  NewThreadBody,
  ReplyBody,
  ResolveBody,
  ThreadInfo,
  ThreadList,
} from "./comments.ts";
import { download, empty, json, socket } from "./endpoint.ts";
import { LockAnswer, LockBody } from "./lock.ts";
import {
  AcceptedInvite,
  CreatedInvite,
  Inbox,
  InviteBody,
  InviteList,
  InvitePreview,
  MarkReadBody,
  Member,
  MemberList,
  RoleChangeBody,
} from "./members.ts";
import {
  PasskeyList,
  PasskeySignInBody,
  RecoveryCodes,
  RecoverySignInBody,
  RegisteredPasskey,
  RegisterPasskeyBody,
  RegistrationOptionsAnswer,
  RenamePasskeyBody,
  SignInOptionsAnswer,
  PasskeyInfo,
} from "./passkeys.ts";
import { PresenceAnswer, UserClientMessage, UserEvent } from "./presence.ts";
import { SearchAnswer } from "./search.ts";
import {
  AccessRequestBody,
  AccessRequestList,
  ApproveBody,
  MyAccessRequest,
  VisitorView,
} from "./sharing.ts";
import { SessionList, SessionResponse, SignInRequest, UpdateProfileRequest } from "./session.ts";
import {
  FileDetails,
  FolderEntry,
  NameBody,
  NewWorkspaceBody,
  PathBody,
  ProjectDetails,
  ProjectMoveBody,
  ProjectMoveResult,
  ProjectSummary,
  TrashList,
  WorkspaceDetails,
  WorkspaceEvent,
  WorkspaceList,
} from "./tree.ts";
import {
  RestoreResult,
  StorageStats,
  VersionInfo,
  VersionList,
  VersionPreview,
} from "./versions.ts";

/**
 * Quire's HTTP and socket API, once: every endpoint's method, path, body
 * schema and answer schema. The Worker registers one handler per entry
 * (`route(contract.x, ...)` in worker/routes/) and reads bodies with these
 * schemas; the app's client (app/lib/api.ts) builds URLs from these paths
 * and checks every answer and socket event with these schemas. To add an
 * endpoint, add it here, then its handler; the app's `api.<name>` follows.
 */

const WORKSPACE = "/api/workspaces/:ws";
const PROJECT = `${WORKSPACE}/projects/:project`;
const FILE = `${PROJECT}/files/:file`;

export const contract = {
  // Sign-in and sessions (worker/routes/session.ts).
  signIn: json({
    method: "POST",
    path: "/api/session",
    body: SignInRequest,
    response: SessionResponse,
    status: 201,
  }),
  currentSession: json({ method: "GET", path: "/api/session", response: SessionResponse }),
  updateProfile: json({
    method: "PATCH",
    path: "/api/session",
    body: UpdateProfileRequest,
    response: SessionResponse,
  }),
  signOut: empty({ method: "DELETE", path: "/api/session" }),
  // The person's sessions (issue 18 item 3). "others" comes before ":session"
  // (the router takes the first match; a session id is never "others").
  sessions: json({ method: "GET", path: "/api/me/sessions", response: SessionList }),
  signOutOthers: empty({ method: "DELETE", path: "/api/me/sessions/others" }),
  signOutSession: empty({ method: "DELETE", path: "/api/me/sessions/:session" }),
  signOutEverywhere: empty({ method: "DELETE", path: "/api/me/sessions" }),
  // Deleting the account (issue 18 item 5, worker/routes/account.ts).
  account: json({ method: "GET", path: "/api/me/account", response: AccountSummary }),
  deleteAccount: empty({ method: "DELETE", path: "/api/me", body: DeleteAccountBody }),

  // Passkeys and recovery codes (worker/routes/passkeys.ts; issue 18).
  /** Anonymous: a single-use challenge for `navigator.credentials.get`. */
  passkeySignInOptions: json({
    method: "POST",
    path: "/api/session/passkey-options",
    response: SignInOptionsAnswer,
  }),
  /** Anonymous: the signed challenge; signs in as the passkey's person (a new session). */
  signInWithPasskey: json({
    method: "POST",
    path: "/api/session/passkey",
    body: PasskeySignInBody,
    response: SessionResponse,
    status: 201,
  }),
  /** Anonymous: a recovery code, each usable once; signs in as its person. */
  signInWithRecoveryCode: json({
    method: "POST",
    path: "/api/session/recovery-code",
    body: RecoverySignInBody,
    response: SessionResponse,
    status: 201,
  }),
  /** Signed in: a single-use challenge for `navigator.credentials.create`. */
  passkeyRegistrationOptions: json({
    method: "POST",
    path: "/api/passkeys/options",
    response: RegistrationOptionsAnswer,
  }),
  registerPasskey: json({
    method: "POST",
    path: "/api/passkeys",
    body: RegisterPasskeyBody,
    response: RegisteredPasskey,
    status: 201,
  }),
  passkeys: json({ method: "GET", path: "/api/passkeys", response: PasskeyList }),
  renamePasskey: json({
    method: "PATCH",
    path: "/api/passkeys/:passkey",
    body: RenamePasskeyBody,
    response: PasskeyInfo,
  }),
  removePasskey: empty({ method: "DELETE", path: "/api/passkeys/:passkey" }),
  regenerateRecoveryCodes: json({
    method: "POST",
    path: "/api/recovery-codes",
    response: RecoveryCodes,
  }),

  // Workspaces (worker/routes/workspaces.ts).
  createWorkspace: json({
    method: "POST",
    path: "/api/workspaces",
    body: NewWorkspaceBody,
    response: WorkspaceDetails,
    status: 201,
  }),
  listWorkspaces: json({ method: "GET", path: "/api/workspaces", response: WorkspaceList }),
  workspace: json({ method: "GET", path: WORKSPACE, response: WorkspaceDetails }),
  renameWorkspace: json({
    method: "PATCH",
    path: WORKSPACE,
    body: NameBody,
    response: WorkspaceDetails,
  }),
  trashWorkspace: empty({ method: "DELETE", path: WORKSPACE }),
  restoreWorkspace: json({
    method: "POST",
    path: `${WORKSPACE}/restore`,
    response: WorkspaceDetails,
  }),
  workspaceLive: socket({ path: `${WORKSPACE}/live`, events: WorkspaceEvent }),
  trash: json({ method: "GET", path: `${WORKSPACE}/trash`, response: TrashList }),
  /** `?q=` words (FTS5 syntax); see shared/api/search.ts. */
  search: json({ method: "GET", path: `${WORKSPACE}/search`, response: SearchAnswer }),
  restoreFromTrash: empty({ method: "POST", path: `${WORKSPACE}/trash/:trashId/restore` }),
  deleteFromTrash: empty({ method: "DELETE", path: `${WORKSPACE}/trash/:trashId` }),

  // Projects, folders and files (worker/routes/workspaces.ts).
  createProject: json({
    method: "POST",
    path: `${WORKSPACE}/projects`,
    body: NameBody,
    response: ProjectSummary,
    status: 201,
  }),
  project: json({ method: "GET", path: PROJECT, response: ProjectDetails }),
  renameProject: json({ method: "PATCH", path: PROJECT, body: NameBody, response: ProjectSummary }),
  trashProject: empty({ method: "DELETE", path: PROJECT }),
  restoreProject: json({ method: "POST", path: `${PROJECT}/restore`, response: ProjectSummary }),
  createFolder: json({
    method: "POST",
    path: `${PROJECT}/folders`,
    body: PathBody,
    response: FolderEntry,
    status: 201,
  }),
  moveFolder: json({
    method: "PATCH",
    path: `${PROJECT}/folders/:path+`,
    body: PathBody,
    response: FolderEntry,
  }),
  trashFolder: empty({ method: "DELETE", path: `${PROJECT}/folders/:path+` }),
  createFile: json({
    method: "POST",
    path: `${PROJECT}/files`,
    body: PathBody,
    response: FileDetails,
    status: 201,
  }),
  file: json({ method: "GET", path: FILE, response: FileDetails }),
  moveFile: json({ method: "PATCH", path: FILE, body: PathBody, response: FileDetails }),
  trashFile: empty({ method: "DELETE", path: FILE }),
  /** A file or folder of this project goes to another project of the workspace (ids kept). */
  moveToProject: json({
    method: "POST",
    path: `${PROJECT}/moves`,
    body: ProjectMoveBody,
    response: ProjectMoveResult,
  }),
  restoreFile: json({ method: "POST", path: `${FILE}/restore`, response: FileDetails }),
  /** The document's binary y-protocols socket (codec in shared/protocol/); `syncUrl` points here. */
  fileSync: socket({ path: `${PROJECT}/sync/:file` }),
  storageStats: json({ method: "GET", path: `${FILE}/storage`, response: StorageStats }),

  // Locks (worker/routes/workspaces.ts).
  lockState: json({ method: "GET", path: `${FILE}/lock`, response: LockAnswer }),
  lock: json({ method: "POST", path: `${FILE}/lock`, body: LockBody, response: LockAnswer }),
  renewLock: json({ method: "PATCH", path: `${FILE}/lock`, body: LockBody, response: LockAnswer }),
  unlock: empty({ method: "DELETE", path: `${FILE}/lock` }),

  // Version history and export (worker/routes/history.ts).
  versions: json({ method: "GET", path: `${FILE}/versions`, response: VersionList }),
  saveVersion: json({
    method: "POST",
    path: `${FILE}/versions`,
    body: NameBody,
    response: VersionInfo,
    status: 201,
  }),
  version: json({ method: "GET", path: `${FILE}/versions/:version`, response: VersionPreview }),
  restoreVersion: json({
    method: "POST",
    path: `${FILE}/versions/:version/restore`,
    response: RestoreResult,
  }),
  exportFile: download(`${FILE}/export`),
  exportProject: download(`${PROJECT}/export`),

  // Comments (worker/routes/comments.ts, issue 19). Every member reads them;
  // owners, editors and commenters write them. Ids are the app's, so a
  // thread or reply made offline and sent twice is stored once.
  threads: json({ method: "GET", path: `${FILE}/threads`, response: ThreadList }),
  startThread: json({
    method: "POST",
    path: `${FILE}/threads`,
    body: NewThreadBody,
    response: ThreadInfo,
    status: 201,
  }),
  resolveThread: json({
    method: "PATCH",
    path: `${FILE}/threads/:thread`,
    body: ResolveBody,
    response: ThreadInfo,
  }),
  reply: json({
    method: "POST",
    path: `${FILE}/threads/:thread/comments`,
    body: ReplyBody,
    response: ThreadInfo,
    status: 201,
  }),
  editComment: json({
    method: "PATCH",
    path: `${FILE}/threads/:thread/comments/:comment`,
    body: EditCommentBody,
    response: ThreadInfo,
  }),
  deleteComment: empty({ method: "DELETE", path: `${FILE}/threads/:thread/comments/:comment` }),

  // Members and share links (worker/routes/members.ts).
  members: json({ method: "GET", path: `${WORKSPACE}/members`, response: MemberList }),
  setRole: json({
    method: "PATCH",
    path: `${WORKSPACE}/members/:user`,
    body: RoleChangeBody,
    response: Member,
  }),
  removeMember: empty({ method: "DELETE", path: `${WORKSPACE}/members/:user` }),
  createInvite: json({
    method: "POST",
    path: `${WORKSPACE}/invites`,
    body: InviteBody,
    response: CreatedInvite,
    status: 201,
  }),
  invites: json({ method: "GET", path: `${WORKSPACE}/invites`, response: InviteList }),
  revokeInvite: empty({ method: "DELETE", path: `${WORKSPACE}/invites/:invite` }),
  previewInvite: json({ method: "GET", path: "/api/invites/:token", response: InvitePreview }),
  acceptInvite: json({
    method: "POST",
    path: "/api/invites/:token/accept",
    response: AcceptedInvite,
  }),

  // Access requests (worker/routes/members.ts): a signed-in non-member asks, owners answer.
  requestAccess: json({
    method: "POST",
    path: `${WORKSPACE}/access-requests`,
    body: AccessRequestBody,
    response: MyAccessRequest,
    status: 201,
  }),
  myAccessRequest: json({
    method: "GET",
    path: `${WORKSPACE}/access-requests/mine`,
    response: MyAccessRequest,
  }),
  accessRequests: json({
    method: "GET",
    path: `${WORKSPACE}/access-requests`,
    response: AccessRequestList,
  }),
  approveAccess: json({
    method: "POST",
    path: `${WORKSPACE}/access-requests/:user/approve`,
    body: ApproveBody,
    response: Member,
  }),
  declineAccess: empty({ method: "DELETE", path: `${WORKSPACE}/access-requests/:user` }),

  // A link anyone can open (worker/routes/members.ts): one file, read-only, no sign-in.
  viewLink: json({ method: "GET", path: "/api/view/:token", response: VisitorView }),
  /** The linked file's binary y-protocols socket, as a visitor (writes refused like a viewer's). */
  viewSync: socket({ path: "/api/view/:token/sync" }),

  // The signed-in person (worker/routes/members.ts).
  inbox: json({ method: "GET", path: "/api/me/inbox", response: Inbox }),
  markInboxRead: json({
    method: "POST",
    path: "/api/me/inbox/read",
    body: MarkReadBody,
    response: Inbox,
  }),
  presence: json({ method: "GET", path: "/api/me/presence", response: PresenceAnswer }),
  meLive: socket({ path: "/api/me/live", events: UserEvent, messages: UserClientMessage }),
} as const;

export type Contract = typeof contract;
