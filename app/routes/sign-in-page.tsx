import { useEffect, useRef, useState, type FormEvent } from "react";
import { MAX_USER_NAME_LENGTH, USER_COLORS } from "../../shared/api/session.ts";
import { ColorPicker } from "../components/color-picker.tsx";
import { ApiError } from "../lib/api.ts";
import { MAIN_ID } from "../lib/focus.ts";
import { suggestedName } from "../sync/identity.ts";
import "./sign-in-page.css";

/** Props of `SignInPage`. */
export interface SignInPageProps {
  onSignIn: (name: string, color: string) => Promise<void>;
  /** Why the session could not be read, if that failed for another reason than being signed out. */
  error?: string;
  /** Who invited them to what, on an invite link: "Olive invited you to edit Team." */
  invitation?: string;
  /** The button's words, when signing in also does something ("Join Team"). */
  submitLabel?: string;
}

/** Guest sign-in: a display name and a colour, nothing more. */
export function SignInPage({
  onSignIn,
  error,
  invitation,
  submitLabel = "Continue",
}: SignInPageProps) {
  const [name, setName] = useState(() => suggestedName());
  const [color, setColor] = useState<string>(USER_COLORS[0]);
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const nameRef = useRef<HTMLInputElement>(null);
  // The page asks one thing, so the caret starts in its field (with the
  // suggested name selected, ready to be typed over).
  useEffect(() => nameRef.current?.select(), []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      await onSignIn(name.trim(), color);
    } catch (caught) {
      setProblem(caught instanceof ApiError ? caught.message : "Signing in failed. Try again.");
      setBusy(false);
    }
  }

  return (
    <main className="page page--centered sign-in" id={MAIN_ID} tabIndex={-1}>
      <h1 className="brand brand--large">Quire</h1>
      <p className="lede">
        {invitation ? `${invitation} Tell us` : "Write together, in real time. Tell us"} what to
        call you.
      </p>
      {error && (
        <p className="form-problem" role="alert">
          {error}
        </p>
      )}
      <form className="open-form" onSubmit={submit} aria-label="Sign in">
        <label className="field-label" htmlFor="sign-in-name">
          What should we call you?
        </label>
        <input
          id="sign-in-name"
          className="text-input"
          value={name}
          maxLength={MAX_USER_NAME_LENGTH}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? "sign-in-problem" : undefined}
          onChange={(event) => {
            setName(event.target.value);
            setProblem(undefined);
          }}
          ref={nameRef}
        />
        {problem && (
          <p id="sign-in-problem" className="form-problem" role="alert">
            {problem}
          </p>
        )}
        <span className="field-label" aria-hidden="true">
          Your colour
        </span>
        <ColorPicker label="Your colour" value={color} onChange={setColor} />
        <button
          className="button button--primary button--large"
          type="submit"
          disabled={busy || !name.trim()}
        >
          {submitLabel}
        </button>
      </form>
    </main>
  );
}
