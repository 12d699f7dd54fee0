import { useEffect, useRef, useState, type FormEvent } from "react";
import {
  MAX_USER_NAME_LENGTH,
  type SessionResponse,
  USER_COLORS,
} from "../../shared/api/session.ts";
import { ColorPicker } from "../components/color-picker.tsx";
import { api, ApiError } from "../lib/api.ts";
import { MAIN_ID } from "../lib/focus.ts";
import { passkeysSupported, signInWithPasskey } from "../lib/passkeys.ts";
import { suggestedName } from "../sync/identity.ts";
import "./sign-in-page.css";

/** Props of `SignInPage`. */
export interface SignInPageProps {
  onSignIn: (name: string, color: string) => Promise<void>;
  /** Signed in another way: with a passkey or a recovery code (issue 18). */
  onSignedIn: (answer: SessionResponse) => void;
  /** Why the session could not be read, if that failed for another reason than being signed out. */
  error?: string;
  /** Who invited them to what, on an invite link: "Olive invited you to edit Team." */
  invitation?: string;
  /** The button's words, when signing in also does something ("Join Team"). */
  submitLabel?: string;
}

/**
 * Guest sign-in (a display name and a colour, nothing more), and beside it
 * signing in to an account: with a passkey, or with a recovery code.
 */
export function SignInPage({
  onSignIn,
  onSignedIn,
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
      <AccountSignIn onSignedIn={onSignedIn} />
    </main>
  );
}

/** Signing in as someone who has a passkey: the browser offers theirs; or a recovery code. */
function AccountSignIn({ onSignedIn }: { onSignedIn: (answer: SessionResponse) => void }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const [code, setCode] = useState("");
  const [codeProblem, setCodeProblem] = useState<string | undefined>();
  const supported = passkeysSupported();

  async function withPasskey() {
    setBusy(true);
    setProblem(undefined);
    try {
      onSignedIn(await signInWithPasskey());
    } catch (caught) {
      setProblem(caught instanceof ApiError ? caught.message : "Signing in failed. Try again.");
      setBusy(false);
    }
  }

  async function withCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setCodeProblem(undefined);
    try {
      onSignedIn(await api.signInWithRecoveryCode({ body: { code } }));
    } catch (caught) {
      setCodeProblem(caught instanceof ApiError ? caught.message : "Signing in failed. Try again.");
      setBusy(false);
    }
  }

  return (
    <section className="sign-in__account" aria-labelledby="sign-in-account">
      <h2 className="section-title" id="sign-in-account">
        Have an account?
      </h2>
      <button
        type="button"
        className="button button--large"
        disabled={busy || !supported}
        onClick={() => void withPasskey()}
      >
        Sign in with a passkey
      </button>
      {!supported && <p className="empty-state">This browser cannot use passkeys.</p>}
      {problem && (
        <p className="form-problem" role="alert">
          {problem}
        </p>
      )}
      <details className="sign-in__recovery">
        <summary>Sign in with a recovery code</summary>
        <form className="open-form" onSubmit={withCode} aria-label="Sign in with a recovery code">
          <label className="field-label" htmlFor="sign-in-code">
            Recovery code
          </label>
          <div className="open-form__row">
            <input
              id="sign-in-code"
              className="text-input"
              value={code}
              autoComplete="one-time-code"
              spellCheck={false}
              placeholder="xxxx-xxxx-xxxx-xxxx"
              aria-invalid={codeProblem ? true : undefined}
              aria-describedby={codeProblem ? "sign-in-code-problem" : undefined}
              onChange={(event) => {
                setCode(event.target.value);
                setCodeProblem(undefined);
              }}
            />
            <button className="button" type="submit" disabled={busy || !code.trim()}>
              Sign in
            </button>
          </div>
          {codeProblem && (
            <p id="sign-in-code-problem" className="form-problem" role="alert">
              {codeProblem}
            </p>
          )}
        </form>
      </details>
    </section>
  );
}
