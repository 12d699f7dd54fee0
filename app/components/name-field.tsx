import { useEffect, useState } from "react";
import { MAX_USER_NAME_LENGTH as MAX_NAME_LENGTH } from "../../shared/api/session.ts";

/** Props of `NameField`. */
export interface NameFieldProps {
  name: string;
  color: string;
  onRename: (name: string) => void;
}

/**
 * The person's own name, editable in place. The change is published when the
 * field is left or Enter is pressed, not per keystroke, so others do not watch
 * a label flicker through half-typed names.
 */
export function NameField({ name, color, onRename }: NameFieldProps) {
  const [draft, setDraft] = useState(name);
  useEffect(() => setDraft(name), [name]);

  return (
    <label className="name-field" title="Your name, as others see it">
      <span className="name-field__swatch" style={{ backgroundColor: color }} aria-hidden="true" />
      <span className="visually-hidden">Your name</span>
      <input
        className="name-field__input"
        value={draft}
        maxLength={MAX_NAME_LENGTH}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={() => {
          onRename(draft);
          // An empty name is refused; show the kept one again.
          setDraft(name);
        }}
        onKeyDown={(event) => {
          if (event.key === "Enter") event.currentTarget.blur();
          if (event.key === "Escape") {
            setDraft(name);
            event.currentTarget.blur();
          }
        }}
      />
    </label>
  );
}
