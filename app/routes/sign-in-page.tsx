import { useState, type FormEvent } from "react";
import { MAX_USER_NAME_LENGTH, USER_COLORS } from "../../shared/api/session.ts";
import { ApiError } from "../lib/api.ts";
import { suggestedName } from "../sync/identity.ts";

/** Props of `SignInPage`. */
export interface SignInPageProps {
  onSignIn: (name: string, color: string) => Promise<void>;
  /** Why the session could not be read, if that failed for another reason than being signed out. */
  error?: string;
  /** What the person was about to do, e.g. "join Team". */
  purpose?: string;
}

/** Guest sign-in: a display name and a colour, nothing more. */
export function SignInPage({ onSignIn, error, purpose }: SignInPageProps) {
  const [name, setName] = useState(() => suggestedName());
  const [color, setColor] = useState<string>(USER_COLORS[0]);
  const [problem, setProblem] = useState<string | undefined>(error);
  const [busy, setBusy] = useState(false);

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
    <main className="page page--centered">
      <h1 className="brand brand--large">Quire</h1>
      <p className="lede">
        {purpose ? `To ${purpose}, tell us` : "Write together, in real time. Tell us"} what to call
        you.
      </p>
      <form className="open-form" onSubmit={submit} aria-label="Sign in">
        <label className="field-label" htmlFor="sign-in-name">
          What should we call you?
        </label>
        <input
          id="sign-in-name"
          className="text-input"
          value={name}
          maxLength={MAX_USER_NAME_LENGTH}
          onChange={(event) => setName(event.target.value)}
          autoFocus
        />
        <div className="swatches" role="radiogroup" aria-label="Your colour">
          {USER_COLORS.map((option) => (
            <button
              key={option}
              type="button"
              role="radio"
              aria-checked={option === color}
              aria-label={`Colour ${option}`}
              className="swatch"
              style={{ backgroundColor: option }}
              onClick={() => setColor(option)}
            />
          ))}
        </div>
        <button className="button button--primary" type="submit" disabled={busy || !name.trim()}>
          Continue
        </button>
        {problem && (
          <p className="form-problem" role="alert">
            {problem}
          </p>
        )}
      </form>
    </main>
  );
}
