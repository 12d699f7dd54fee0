import { useState, type FormEvent, type ReactNode } from "react";
import type { User } from "../../shared/api/session.ts";
import {
  type JurisdictionReport,
  nameProblem,
  normalizePath,
  type ProjectDetails,
  type TrashEntry,
} from "../../shared/api/tree.ts";
import { JURISDICTION_LABELS } from "../../shared/jurisdictions.ts";
import { canWrite } from "../../shared/roles.ts";
import { ConfirmDialog, Dialog } from "../components/dialog.tsx";
import { Link } from "../components/link.tsx";
import { contract } from "../../shared/api/contract.ts";
import { api, ApiError, downloadUrl } from "../lib/api.ts";
import { MAIN_ID } from "../lib/focus.ts";
import { buildTree, type TreeNode } from "../lib/file-tree.ts";
import { navigate } from "../lib/router.ts";
import { useWorkspace } from "../sync/use-workspace.ts";
import { FilePane } from "./file-pane.tsx";
import { filePagePath } from "./match-route.ts";
import { SharePanel } from "./share-panel.tsx";
import "./workspace-page.css";

/** Props of `WorkspacePage`. */
export interface WorkspacePageProps {
  workspaceId: string;
  projectId?: string;
  fileId?: string;
  user: User;
}

/**
 * A workspace: the live tree of its projects, folders and files in a
 * sidebar, with the trash and (for owners) sharing; the open file beside it.
 */
export function WorkspacePage({ workspaceId, projectId, fileId, user }: WorkspacePageProps) {
  const state = useWorkspace(workspaceId);
  const [problem, setProblem] = useState<string | undefined>();

  if (state.status === "loading") return <p className="empty-state">Loading the workspace…</p>;
  if (state.status === "error") {
    return (
      <main className="page page--centered">
        <p className="form-problem" role="alert">
          {state.message}
        </p>
        <Link className="button" href="/">
          Go to your workspaces
        </Link>
      </main>
    );
  }

  const { workspace, role } = state;
  const writable = canWrite(role);
  const ws = { ws: workspaceId };
  /** Runs an API call; its error message shows above the tree. */
  const act = async (run: () => Promise<unknown>) => {
    setProblem(undefined);
    try {
      await run();
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : "That did not work. Try again.");
    }
  };
  const openProject = workspace.projects.find((project) => project.id === projectId);
  const openFile = openProject?.files.find((file) => file.id === fileId);

  return (
    <div className="workspace-page">
      <aside className="sidebar" aria-label="Files">
        <InlineRename
          label="Workspace name"
          value={workspace.name}
          disabled={!writable}
          validate={(name) => nameProblem(name)}
          onSave={(name) => act(() => api.renameWorkspace({ params: ws, body: { name } }))}
          render={(text) => <h1 className="sidebar__title">{text}</h1>}
        />
        <span className="role-tag">{role}</span>
        {workspace.jurisdiction && <DataLocation report={workspace.jurisdiction} />}
        {problem && (
          <p className="form-problem" role="alert">
            {problem}
          </p>
        )}
        {workspace.projects.length === 0 && (
          <p className="empty-state">No projects yet{writable ? " — add one below." : "."}</p>
        )}
        {workspace.projects.map((project) => (
          <ProjectTree
            key={project.id}
            project={project}
            workspaceId={workspaceId}
            presence={workspace.presence}
            openFileId={fileId}
            writable={writable}
            act={act}
          />
        ))}
        {writable && (
          <CreateForm
            label="New project"
            placeholder="Project name"
            validate={(name) => nameProblem(name)}
            onCreate={(name) => act(() => api.createProject({ params: ws, body: { name } }))}
          />
        )}
        <Trash entries={workspace.trash} writable={writable} workspaceId={workspaceId} act={act} />
        {role === "owner" && (
          <Dialog
            title="Share"
            trigger={
              <button className="button button--small share-button" type="button">
                Share
              </button>
            }
          >
            <SharePanel
              workspaceId={workspaceId}
              currentUserId={user.id}
              version={workspace.version}
            />
          </Dialog>
        )}
      </aside>
      <main className="editor-area" id={MAIN_ID} tabIndex={-1}>
        {openFile && openProject ? (
          <FilePane
            key={openFile.id}
            workspaceId={workspaceId}
            projectId={openProject.id}
            file={openFile}
            user={user}
            role={role}
          />
        ) : fileId ? (
          <output className="empty-state">
            This file is not here any more: it was moved to the trash or deleted.{" "}
            <Link href={`/w/${workspaceId}`}>Back to the workspace</Link>
          </output>
        ) : (
          <p className="empty-state">Open a file from the list, or create one.</p>
        )}
      </main>
    </div>
  );
}

interface ProjectTreeProps {
  project: ProjectDetails;
  workspaceId: string;
  presence: Record<string, { userId: string; name: string; color: string }[]>;
  openFileId?: string;
  writable: boolean;
  act: (run: () => Promise<unknown>) => Promise<void>;
}

function ProjectTree({
  project,
  workspaceId,
  presence,
  openFileId,
  writable,
  act,
}: ProjectTreeProps) {
  const params = { ws: workspaceId, project: project.id };
  const createFile = (path: string) =>
    act(async () => {
      const file = await api.createFile({ params, body: { path } });
      navigate(filePagePath(workspaceId, project.id, file.id));
    });

  const renderNodes = (nodes: TreeNode[]): ReactNode =>
    nodes.map((node) =>
      node.kind === "folder" ? (
        <li key={`folder:${node.path}`} className="tree__folder">
          <div className="tree__row">
            <InlineRename
              label={`Rename folder ${node.path}`}
              value={node.name}
              disabled={!writable}
              validate={(name) => nameProblem(name)}
              onSave={(name) =>
                act(() =>
                  api.moveFolder({
                    params: { ...params, path: node.path },
                    body: { path: replaceLastSegment(node.path, name) },
                  }),
                )
              }
              render={(text) => <span className="tree__folder-name">{text}/</span>}
            />
            {writable && (
              <button
                className="icon-button"
                type="button"
                aria-label={`Delete folder ${node.path}`}
                onClick={() =>
                  act(() => api.trashFolder({ params: { ...params, path: node.path } }))
                }
              >
                ×
              </button>
            )}
          </div>
          <ul className="tree">{renderNodes(node.children)}</ul>
        </li>
      ) : (
        <li key={node.file.id} className="tree__file">
          <div className={`tree__row${node.file.id === openFileId ? " tree__row--open" : ""}`}>
            <InlineRename
              label={`Rename ${node.path}`}
              value={node.name}
              disabled={!writable}
              validate={(name) => nameProblem(name)}
              onSave={(name) =>
                act(() =>
                  api.moveFile({
                    params: { ...params, file: node.file.id },
                    body: { path: replaceLastSegment(node.path, name) },
                  }),
                )
              }
              render={(text) => (
                <Link href={filePagePath(workspaceId, project.id, node.file.id)}>{text}</Link>
              )}
            />
            <span className="tree__presence" aria-label={`People in ${node.path}`}>
              {(presence[node.file.id] ?? []).map((person) => (
                <span
                  key={person.userId}
                  className="avatar avatar--small"
                  style={{ backgroundColor: person.color }}
                  title={person.name}
                >
                  {person.name.slice(0, 1).toUpperCase()}
                </span>
              ))}
            </span>
            {writable && (
              <button
                className="icon-button"
                type="button"
                aria-label={`Delete ${node.path}`}
                onClick={() =>
                  act(() => api.trashFile({ params: { ...params, file: node.file.id } }))
                }
              >
                ×
              </button>
            )}
          </div>
        </li>
      ),
    );

  return (
    <section className="project" aria-label={`Project ${project.name}`}>
      <div className="tree__row">
        <InlineRename
          label={`Rename project ${project.name}`}
          value={project.name}
          disabled={!writable}
          validate={(name) => nameProblem(name)}
          onSave={(name) => act(() => api.renameProject({ params, body: { name } }))}
          render={(text) => <h2 className="project__name">{text}</h2>}
        />
        <a
          className="icon-button"
          href={downloadUrl(contract.exportProject, params)}
          download
          aria-label={`Download project ${project.name} as a zip`}
          title="Download as a zip"
        >
          ⤓
        </a>
        {writable && (
          <button
            className="icon-button"
            type="button"
            aria-label={`Delete project ${project.name}`}
            onClick={() => act(() => api.trashProject({ params }))}
          >
            ×
          </button>
        )}
      </div>
      <ul className="tree">{renderNodes(buildTree(project.files, project.folders))}</ul>
      {writable && (
        <>
          <CreateForm
            label={`New file in ${project.name}`}
            placeholder="docs/intro.md"
            validate={pathProblem}
            onCreate={(path) => createFile(path)}
          />
          <CreateForm
            label={`New folder in ${project.name}`}
            placeholder="docs/guides"
            validate={pathProblem}
            onCreate={(path) => act(() => api.createFolder({ params, body: { path } }))}
          />
        </>
      )}
    </section>
  );
}

function Trash(props: {
  entries: TrashEntry[];
  writable: boolean;
  workspaceId: string;
  act: (run: () => Promise<unknown>) => Promise<void>;
}) {
  const { entries, writable, workspaceId, act } = props;
  const [purging, setPurging] = useState<TrashEntry | undefined>();
  return (
    <section className="trash" aria-label="Trash">
      <h2 className="section-title">Trash</h2>
      {entries.length === 0 && (
        <p className="empty-state empty-state--small">The trash is empty.</p>
      )}
      <ul className="tree">
        {entries.map((entry) => (
          <li key={entry.id} className="tree__row">
            <span className="trash__label">
              {entry.label}
              <span className="meta">
                {" "}
                {entry.kind}, kept until {new Date(entry.purgeAt).toLocaleDateString()}
              </span>
            </span>
            {writable && (
              <>
                <button
                  className="button button--small"
                  type="button"
                  aria-label={`Restore ${entry.label}`}
                  onClick={() =>
                    act(() =>
                      api.restoreFromTrash({ params: { ws: workspaceId, trashId: entry.id } }),
                    )
                  }
                >
                  Restore
                </button>
                <button
                  className="button button--small"
                  type="button"
                  aria-label={`Delete ${entry.label} forever`}
                  onClick={() => setPurging(entry)}
                >
                  Delete forever
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={purging !== undefined}
        onOpenChange={(open) => !open && setPurging(undefined)}
        title={`Delete ${purging?.label ?? ""} forever?`}
        description="It goes at once, with everything in it, and cannot be restored."
        confirmLabel="Delete forever"
        destructive
        onConfirm={() =>
          purging && api.deleteFromTrash({ params: { ws: workspaceId, trashId: purging.id } })
        }
      />
    </section>
  );
}

/** A one-field form that checks its input as the server would, before sending. */
function CreateForm(props: {
  label: string;
  placeholder: string;
  validate: (value: string) => string | undefined;
  onCreate: (value: string) => Promise<void>;
}) {
  const [value, setValue] = useState("");
  const [problem, setProblem] = useState<string | undefined>();
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = value.trim();
    const invalid = props.validate(trimmed);
    if (invalid) return setProblem(invalid);
    await props.onCreate(trimmed);
    setValue("");
  };
  return (
    <form className="create-form" onSubmit={submit} aria-label={props.label}>
      <input
        className="text-input text-input--small"
        aria-label={props.label}
        placeholder={props.placeholder}
        value={value}
        onChange={(event) => {
          setValue(event.target.value);
          setProblem(undefined);
        }}
      />
      <button className="button button--small" type="submit">
        Add
      </button>
      {problem && (
        <p className="form-problem" role="alert">
          {props.label}: {problem}
        </p>
      )}
    </form>
  );
}

/** Text that turns into a field on double-click (or its Rename button); Enter saves, Escape cancels. */
function InlineRename(props: {
  label: string;
  value: string;
  disabled: boolean;
  validate: (value: string) => string | undefined;
  onSave: (value: string) => Promise<void>;
  render: (text: string) => ReactNode;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | undefined>();
  if (draft === null) {
    return (
      <span
        className="inline-rename"
        onDoubleClick={() => !props.disabled && setDraft(props.value)}
      >
        {props.render(props.value)}
        {!props.disabled && (
          <button
            className="icon-button icon-button--quiet"
            type="button"
            aria-label={props.label}
            onClick={() => setDraft(props.value)}
          >
            ✎
          </button>
        )}
      </span>
    );
  }
  const save = async () => {
    const trimmed = draft.trim();
    const invalid = props.validate(trimmed);
    if (invalid) return setProblem(invalid);
    if (trimmed !== props.value) await props.onSave(trimmed);
    setDraft(null);
    setProblem(undefined);
  };
  return (
    <span className="inline-rename">
      <input
        className="text-input text-input--small"
        aria-label={props.label}
        value={draft}
        ref={focusOnMount}
        onChange={(event) => {
          setDraft(event.target.value);
          setProblem(undefined);
        }}
        onKeyDown={(event) => {
          if (event.key === "Enter") void save();
          if (event.key === "Escape") {
            setDraft(null);
            setProblem(undefined);
          }
        }}
      />
      {problem && (
        <span className="form-problem" role="alert">
          {problem}
        </span>
      )}
    </span>
  );
}

/** Puts the caret in a field that appeared because the person asked for it (Rename). */
function focusOnMount(input: HTMLInputElement | null) {
  input?.focus();
}

function pathProblem(path: string): string | undefined {
  const result = normalizePath(path);
  return result.ok ? undefined : `The path ${result.problem}.`;
}

function replaceLastSegment(path: string, name: string): string {
  const slash = path.lastIndexOf("/");
  return slash === -1 ? name : `${path.slice(0, slash)}/${name}`;
}

/** Where the workspace's data is kept, and a warning where that is not enforced here. */
function DataLocation({ report }: { report: JurisdictionReport }) {
  return (
    <p className="data-location">
      Data location: {JURISDICTION_LABELS[report.requested]}
      {!report.applied && (
        <span className="data-location__note" role="note">
          Not applied here. {report.note}
        </span>
      )}
    </p>
  );
}
