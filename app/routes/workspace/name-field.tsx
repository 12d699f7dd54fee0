import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { ApiError } from "../../lib/api.ts";

/** Props of `NameField`. */
export interface NameFieldProps {
  /** The field's accessible name and visible label: "New file in Site / docs", "Rename intro.md". */
  label: string;
  /** Shown as the label above the field; the rename field in a row keeps it for screen readers only. */
  showLabel?: boolean;
  initialValue?: string;
  placeholder?: string;
  /** The words on the submit button; a rename has none (Enter saves). */
  submitLabel?: string;
  /** Why the (trimmed) value cannot be sent, or undefined; checked before sending. */
  validate: (value: string) => string | undefined;
  /** Sends the trimmed value; a thrown error's message shows beside the field. */
  onSubmit: (value: string) => Promise<void>;
  /** Escape or Cancel (focus may go back to what opened the field) or leaving it untouched. */
  onCancel: (how: "escape" | "blur") => void;
  /** A rename selects the name without its extension, ready to type over. */
  selectStem?: boolean;
  className?: string;
}

/**
 * One field that creates or renames something. Enter sends, Escape cancels.
 * A refusal (from the check here or from the server) shows beside the field
 * and keeps what was typed, so it can be corrected instead of typed again.
 * The caret starts in the field: it appears because the person asked for it.
 */
export function NameField({
  label,
  showLabel = true,
  initialValue = "",
  placeholder,
  submitLabel,
  validate,
  onSubmit,
  onCancel,
  selectStem = false,
  className,
}: NameFieldProps) {
  const [value, setValue] = useState(initialValue);
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();

  useEffect(() => {
    const input = inputRef.current;
    if (!input) return;
    input.focus();
    const dot = input.value.lastIndexOf(".");
    if (selectStem && dot > 0) input.setSelectionRange(0, dot);
    else input.select();
  }, [selectStem]);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    const trimmed = value.trim();
    const invalid = validate(trimmed);
    if (invalid) return setProblem(invalid);
    if (trimmed === initialValue) return onCancel("escape");
    setBusy(true);
    setProblem(undefined);
    try {
      await onSubmit(trimmed);
    } catch (error) {
      setProblem(
        error instanceof ApiError || error instanceof Error
          ? error.message
          : "That did not work. Try again.",
      );
      setBusy(false);
      inputRef.current?.focus();
    }
  }

  return (
    <form className={`name-field${className ? ` ${className}` : ""}`} onSubmit={submit}>
      <label className={showLabel ? "name-field__label" : "visually-hidden"} htmlFor={id}>
        {label}
      </label>
      <div className="name-field__row">
        <input
          id={id}
          ref={inputRef}
          className="text-input text-input--small"
          value={value}
          placeholder={placeholder}
          disabled={busy}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
          onChange={(event) => {
            setValue(event.target.value);
            setProblem(undefined);
          }}
          onKeyDown={(event) => {
            // Escape cancels here and goes no further (it would close the drawer).
            if (event.key === "Escape") {
              event.preventDefault();
              event.stopPropagation();
              onCancel("escape");
            }
            // Keys typed here are not the tree's to handle.
            event.stopPropagation();
          }}
          onBlur={(event) => {
            // Leaving an untouched field cancels it; a changed one waits for Enter or Escape.
            const next = event.relatedTarget;
            if (next instanceof Node && event.currentTarget.form?.contains(next)) return;
            if (value.trim() === initialValue && !busy) onCancel("blur");
          }}
        />
        {submitLabel && (
          <button className="button button--small button--primary" type="submit" disabled={busy}>
            {submitLabel}
          </button>
        )}
        {submitLabel && (
          <button className="button button--small" type="button" onClick={() => onCancel("escape")}>
            Cancel
          </button>
        )}
      </div>
      {problem && (
        <p id={`${id}-problem`} className="form-problem" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
