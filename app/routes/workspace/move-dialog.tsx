import { RadioGroup } from "radix-ui";
import { useState } from "react";
import type { ProjectDetails } from "../../../shared/api/tree.ts";
import { Dialog } from "../../components/dialog.tsx";
import "./move-dialog.css";
import {
  destinationLabel,
  destinations,
  moveProblem,
  type Destination,
  type MovableItem,
} from "./tree-model.ts";

/** Props of `MoveDialog`. */
export interface MoveDialogProps {
  /** What is being moved; the dialog is open while this is set. */
  item: MovableItem | undefined;
  projects: readonly ProjectDetails[];
  /** Moves it; a thrown error's message shows in the dialog. */
  onMove: (item: MovableItem, destination: Destination) => Promise<void>;
  onClose: () => void;
  /** Where focus goes when the dialog closes (the row that opened it is gone from the menu). */
  onCloseAutoFocus: (event: Event) => void;
}

/**
 * Move to…: the keyboard's way of dragging a file or folder. Every project
 * and folder is listed; the places it cannot go are there too, greyed, with
 * the reason. The list is one radio group (one Tab stop, arrow keys).
 */
export function MoveDialog({ item, projects, onMove, onClose, onCloseAutoFocus }: MoveDialogProps) {
  return (
    <Dialog
      title={item ? `Move ${item.name} to…` : "Move to…"}
      description={item ? `Pick the folder or project for ${item.path}.` : undefined}
      open={item !== undefined}
      onOpenChange={(open) => !open && onClose()}
      onCloseAutoFocus={onCloseAutoFocus}
    >
      {item && <MoveForm item={item} projects={projects} onMove={onMove} onDone={onClose} />}
    </Dialog>
  );
}

function MoveForm({
  item,
  projects,
  onMove,
  onDone,
}: {
  item: MovableItem;
  projects: readonly ProjectDetails[];
  onMove: MoveDialogProps["onMove"];
  onDone: () => void;
}) {
  const places = destinations(projects).map((destination) => ({
    destination,
    key: `${destination.projectId}:${destination.folder}`,
    problem: moveProblem(item, destination, projects),
  }));
  const [chosen, setChosen] = useState<string | undefined>(
    () => places.find((place) => !place.problem)?.key,
  );
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const target = places.find((place) => place.key === chosen);

  async function move() {
    if (!target || target.problem) return;
    setBusy(true);
    setProblem(undefined);
    try {
      await onMove(item, target.destination);
      onDone();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : "The move did not work. Try again.");
      setBusy(false);
    }
  }

  return (
    <form
      className="stack-form"
      onSubmit={(event) => {
        event.preventDefault();
        void move();
      }}
    >
      <RadioGroup.Root
        className="move-list"
        aria-label="Destination"
        value={chosen}
        onValueChange={setChosen}
        loop
      >
        {places.map(({ destination, key, problem: refusal }) => (
          <label
            key={key}
            className="move-list__place"
            data-disabled={refusal ? true : undefined}
            style={{ paddingInlineStart: `${depthOf(destination) * 1 + 0.5}rem` }}
          >
            <RadioGroup.Item
              value={key}
              className="move-list__radio"
              disabled={refusal !== undefined}
              aria-label={destinationLabel(destination)}
              aria-describedby={refusal ? `move-why-${key}` : undefined}
            >
              <RadioGroup.Indicator className="move-list__dot" />
            </RadioGroup.Item>
            <span className="move-list__name">{destinationLabel(destination)}</span>
            {refusal && (
              <span id={`move-why-${key}`} className="meta move-list__why">
                {refusal}
              </span>
            )}
          </label>
        ))}
      </RadioGroup.Root>
      {problem && (
        <p className="form-problem" role="alert">
          {problem}
        </p>
      )}
      <div className="dialog__actions">
        <button className="button button--primary" type="submit" disabled={busy || !target}>
          Move here
        </button>
      </div>
    </form>
  );
}

function depthOf(destination: Destination): number {
  return destination.folder === "" ? 0 : destination.folder.split("/").length;
}
