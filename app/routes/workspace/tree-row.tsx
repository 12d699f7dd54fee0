import type { DragEvent, KeyboardEvent, MouseEvent, ReactNode } from "react";
import type { PresentMember } from "../../../shared/api/tree.ts";
import {
  ChevronIcon,
  FileIcon,
  FolderIcon,
  LockIcon,
  MoreIcon,
  ProjectIcon,
} from "../../components/icons.tsx";
import { lockedByText } from "../../components/lock-control.tsx";
import { ActionContextMenu, ActionMenu, type MenuEntry } from "../../components/menu.tsx";
import { describe, type TreeItem } from "./tree-model.ts";

/** How a row takes part in drag and drop. */
export interface RowDrag {
  draggable: boolean;
  /** Something dragged over this row would land in the place this row highlights. */
  isDropTarget: boolean;
  isDragged: boolean;
  onDragStart: (event: DragEvent<HTMLLIElement>) => void;
  onDragOver: (event: DragEvent<HTMLLIElement>) => void;
  onDrop: (event: DragEvent<HTMLLIElement>) => void;
  onDragEnd: () => void;
}

/** Props of `TreeRow`. */
export interface TreeRowProps {
  item: TreeItem;
  level: number;
  /** Open or closed for projects and folders; undefined for files. */
  expanded?: boolean;
  /** The file open in the editor. */
  selected: boolean;
  /** The row that takes the tree's single Tab stop. */
  tabStop: boolean;
  /** A file's page, for its link (middle click opens a new tab). */
  href?: string;
  people: readonly PresentMember[];
  entries: readonly MenuEntry[];
  menuOpen: boolean;
  onMenuOpenChange: (open: boolean) => void;
  /** The rename field, shown instead of the name while renaming. */
  renameField?: ReactNode;
  drag: RowDrag;
  onActivate: (event: MouseEvent) => void;
  onToggle: () => void;
  onFocusRow: () => void;
  /** The tree's key handler (arrows, Enter, F2, Delete, the menu key). */
  onKeyDown: (event: KeyboardEvent<HTMLLIElement>) => void;
  children?: ReactNode;
}

const ICONS = { project: ProjectIcon, folder: FolderIcon, file: FileIcon } as const;

/**
 * One row of the file tree, an ARIA treeitem: its name (cut with an ellipsis,
 * whole on hover), who has it open, and its ⋯ menu, which a right click also
 * opens. The tree (file-tree.tsx) moves focus between rows and handles keys.
 */
export function TreeRow({
  item,
  level,
  expanded,
  selected,
  tabStop,
  href,
  people,
  entries,
  menuOpen,
  onMenuOpenChange,
  renameField,
  drag,
  onActivate,
  onToggle,
  onFocusRow,
  onKeyDown,
  children,
}: TreeRowProps) {
  const Icon = ICONS[item.kind];
  const nameId = `tree-name-${item.key}`;
  const full = describe(item);
  const menuLabel = `Actions for ${item.kind === "project" ? `project ${item.name}` : full}`;
  // The document reports every end of the lock (released, broken, expired, holder away).
  const locked =
    item.kind === "file" && item.lock
      ? lockedByText(item.lock.holder.name, item.lock.expiresAt)
      : undefined;
  const lockId = `tree-lock-${item.key}`;
  const name = href ? (
    <a
      id={nameId}
      className="tree-row__name"
      href={href}
      tabIndex={-1}
      // The row is what drags, not the link inside it.
      draggable={false}
      title={full}
      onClick={(event) => {
        // Ordinary clicks open the file in the page; modified ones are the browser's.
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
          return;
        event.preventDefault();
      }}
    >
      {item.name}
    </a>
  ) : (
    <span id={nameId} className="tree-row__name" title={full}>
      {item.name}
    </span>
  );

  return (
    <li
      role="treeitem"
      aria-level={level}
      aria-expanded={expanded}
      aria-selected={selected}
      aria-labelledby={nameId}
      aria-describedby={locked ? lockId : undefined}
      tabIndex={tabStop ? 0 : -1}
      data-key={item.key}
      className="tree-item"
      draggable={drag.draggable}
      onFocus={(event) => {
        if (event.target === event.currentTarget) onFocusRow();
      }}
      onDragStart={drag.onDragStart}
      onDragOver={drag.onDragOver}
      onDrop={drag.onDrop}
      onDragEnd={drag.onDragEnd}
      onClick={(event) => {
        // A click inside a nested row is that row's; one in the rename field or a menu is theirs.
        const target = event.target as Element;
        if (target.closest('[role="treeitem"]') !== event.currentTarget || renameField) return;
        if (!event.currentTarget.contains(target)) return;
        // The row takes the focus (not the link in it), so its keys work from here.
        event.currentTarget.focus();
        if (expanded !== undefined && target.closest(".tree-row__toggle")) onToggle();
        else onActivate(event);
      }}
      onKeyDown={onKeyDown}
    >
      <ActionContextMenu entries={entries} label={menuLabel}>
        <div
          className="tree-row"
          style={{ paddingInlineStart: `${(level - 1) * 0.9 + 0.25}rem` }}
          data-selected={selected || undefined}
          data-drop-target={drag.isDropTarget || undefined}
          data-dragged={drag.isDragged || undefined}
        >
          {expanded === undefined ? (
            <span className="tree-row__toggle" aria-hidden="true" />
          ) : (
            <span className="tree-row__toggle" aria-hidden="true" data-open={expanded || undefined}>
              <ChevronIcon />
            </span>
          )}
          <Icon className="icon tree-row__icon" />
          {renameField ?? name}
          {locked && (
            <span className="tree-row__lock" title={locked} data-testid="tree-lock">
              <LockIcon />
              <span id={lockId} className="visually-hidden">
                {locked}
              </span>
            </span>
          )}
          {people.length > 0 && (
            <span className="tree-row__people" aria-label={`People in ${full}`}>
              {people.map((person) => (
                <span
                  key={person.userId}
                  className="avatar avatar--small"
                  style={{ backgroundColor: person.color }}
                  title={person.name}
                >
                  {Array.from(person.name)[0]?.toUpperCase()}
                </span>
              ))}
            </span>
          )}
          {entries.length > 0 && !renameField && (
            <ActionMenu
              label={menuLabel}
              entries={entries}
              open={menuOpen}
              onOpenChange={onMenuOpenChange}
              trigger={
                <button
                  type="button"
                  className="icon-button tree-row__more"
                  tabIndex={-1}
                  aria-label={menuLabel}
                  title={menuLabel}
                  onClick={(event) => event.stopPropagation()}
                >
                  <MoreIcon />
                </button>
              }
            />
          )}
        </div>
      </ActionContextMenu>
      {children !== undefined && (
        // The ARIA tree pattern nests rows in role="group" (WAI-ARIA APG, "Navigation
        // Treeview"); no HTML element has that meaning, fieldset least of all.
        // oxlint-disable-next-line jsx-a11y/prefer-tag-over-role
        <ul role="group">{children}</ul>
      )}
    </li>
  );
}
