import { useState, type FormEvent } from "react";
import { MAX_USER_NAME_LENGTH, userNameProblem, type User } from "../../shared/api/session.ts";
import { ApiError } from "../lib/api.ts";
import type { ProfileChanges } from "../sync/use-session.ts";
import { ColorPicker } from "./color-picker.tsx";
import { Dialog } from "./dialog.tsx";

/** Props of `ProfileDialog`. */
export interface ProfileDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Where focus goes on closing; by default back to what had it before. */
  onCloseAutoFocus?: (event: Event) => void;
  user: User;
  onSave: (changes: ProfileChanges) => Promise<void>;
}

/**
 * The person's name and caret colour, as everyone else sees them. Saved with
 * one button, not per keystroke, so others do not watch a label flicker
 * through half-typed names; a refused name stays in the field with the reason.
 */
export function ProfileDialog({
  open,
  onOpenChange,
  user,
  onSave,
  onCloseAutoFocus,
}: ProfileDialogProps) {
  return (
    <Dialog
      title="Your name and colour"
      description="Others see them beside your cursor and in every list of people."
      open={open}
      onOpenChange={onOpenChange}
      onCloseAutoFocus={onCloseAutoFocus}
    >
      {/* Mounted afresh on every opening, so the fields start from what is saved. */}
      {open && <ProfileForm user={user} onSave={onSave} onDone={() => onOpenChange(false)} />}
    </Dialog>
  );
}

function ProfileForm({
  user,
  onSave,
  onDone,
}: {
  user: User;
  onSave: (changes: ProfileChanges) => Promise<void>;
  onDone: () => void;
}) {
  const [name, setName] = useState(user.name);
  const [color, setColor] = useState(user.color);
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = name.trim();
    const invalid = userNameProblem(trimmed);
    if (invalid) return setProblem(`Your name ${invalid}.`);
    setBusy(true);
    setProblem(undefined);
    try {
      await onSave({ name: trimmed, color });
      onDone();
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : "Saving failed. Try again.");
      setBusy(false);
    }
  }

  return (
    <form className="stack-form" onSubmit={submit}>
      <label className="field-label" htmlFor="profile-name">
        Your name
      </label>
      <input
        id="profile-name"
        className="text-input"
        value={name}
        maxLength={MAX_USER_NAME_LENGTH}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? "profile-name-problem" : undefined}
        onChange={(event) => {
          setName(event.target.value);
          setProblem(undefined);
        }}
      />
      {problem && (
        <p id="profile-name-problem" className="form-problem" role="alert">
          {problem}
        </p>
      )}
      <span className="field-label" aria-hidden="true">
        Your colour
      </span>
      <ColorPicker label="Your colour" value={color} onChange={setColor} />
      <div className="dialog__actions">
        <button className="button button--primary" type="submit" disabled={busy}>
          Save
        </button>
      </div>
    </form>
  );
}
