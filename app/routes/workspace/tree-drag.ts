import { useState, type DragEvent } from "react";
import { toast } from "sonner";
import type { ProjectDetails } from "../../../shared/api/tree.ts";
import {
  destinationKey,
  dropDestination,
  moveProblem,
  type Destination,
  type MovableItem,
  type TreeItem,
} from "./tree-model.ts";
import type { RowDrag } from "./tree-row.tsx";

/**
 * Drag and drop in the file tree (HTML5 drag events): files and folders can
 * be dragged onto a project, a folder or a file (meaning its folder). The
 * place they would land in is highlighted only where the move is allowed
 * (`moveProblem`); a drop anywhere else does nothing. The keyboard's way is
 * Move to… in the row's menu.
 */
export function useTreeDrag({
  projects,
  writable,
  onDrop,
}: {
  projects: readonly ProjectDetails[];
  writable: boolean;
  onDrop: (item: MovableItem, destination: Destination) => void;
}) {
  const [dragged, setDragged] = useState<MovableItem | undefined>();
  const [dropKey, setDropKey] = useState<string | undefined>();

  function dragFor(item: TreeItem, renaming: boolean): RowDrag {
    const destination = dropDestination(item, projects);
    const movable = item.kind === "project" ? undefined : item;
    return {
      draggable: writable && movable !== undefined && !renaming,
      isDropTarget: dropKey !== undefined && dropKey === item.key,
      isDragged: dragged?.key === item.key,
      onDragStart: (event: DragEvent<HTMLLIElement>) => {
        if (event.target !== event.currentTarget || !movable) return;
        event.stopPropagation();
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", movable.path);
        setDragged(movable);
      },
      onDragOver: (event: DragEvent<HTMLLIElement>) => {
        event.stopPropagation();
        if (!dragged || !destination || moveProblem(dragged, destination, projects)) {
          setDropKey(undefined);
          return;
        }
        event.preventDefault();
        event.dataTransfer.dropEffect = "move";
        setDropKey(destinationKey(destination));
      },
      onDrop: (event: DragEvent<HTMLLIElement>) => {
        event.preventDefault();
        event.stopPropagation();
        const moving = dragged;
        setDragged(undefined);
        setDropKey(undefined);
        if (!moving || !destination) return;
        const refusal = moveProblem(moving, destination, projects);
        if (refusal) toast.error(refusal);
        else onDrop(moving, destination);
      },
      onDragEnd: () => {
        setDragged(undefined);
        setDropKey(undefined);
      },
    };
  }

  /** Dragging out of the tree clears the highlight. */
  function onTreeDragLeave(event: DragEvent<HTMLElement>) {
    const next = event.relatedTarget;
    if (!(next instanceof Node) || !event.currentTarget.contains(next)) setDropKey(undefined);
  }

  return { dragFor, onTreeDragLeave };
}
