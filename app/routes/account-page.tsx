import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import {
  MAX_PASSKEY_NAME_LENGTH,
  type PasskeyInfo,
  type PasskeyList,
} from "../../shared/api/passkeys.ts";
import { ConfirmDialog, Dialog } from "../components/dialog.tsx";
import { RecoveryCodesDialog } from "../components/recovery-codes-dialog.tsx";
import { api, ApiError } from "../lib/api.ts";
import { MAIN_ID, useArrivalFocus } from "../lib/focus.ts";
import { addPasskey, passkeysSupported, suggestedPasskeyName } from "../lib/passkeys.ts";
import "./account-page.css";

/** Props of `AccountPage`. */
export interface AccountPageProps {
  /** How many passkeys the session says the person has (0: a guest). */
  passkeys: number;
  /** Reads the session again after a passkey was added or removed. */
  onPasskeysChange: () => Promise<void>;
  /**
   * More sections, after Passkeys and Recovery codes: the place for
   * "Sessions" and "Delete account" (issue 18 items 3 and 5). Each is a
   * `<section className="account-section" aria-labelledby=…>` with an
   * `<h2 className="section-title">`, as the two below are.
   */
  children?: ReactNode;
}

type Listing =
  | { status: "loading" }
  | { status: "error"; message: string }
  | ({ status: "ready" } & PasskeyList);

function words(error: unknown, fallback: string): string {
  return error instanceof ApiError ? error.message : fallback;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/**
 * `/account`: the person's passkeys (name, created, last used; add, rename,
 * remove) and recovery codes (how many are left; make a new set), then the
 * sections other parts of the account add (`children`).
 */
export function AccountPage({ passkeys, onPasskeysChange, children }: AccountPageProps) {
  const [listing, setListing] = useState<Listing>({ status: "loading" });
  const [codes, setCodes] = useState<string[]>([]);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useArrivalFocus(() => headingRef.current, true);

  const load = useCallback(
    () =>
      api.passkeys().then(
        (list) => setListing({ status: "ready", ...list }),
        (error: unknown) =>
          setListing({
            status: "error",
            message: words(error, "Your passkeys could not be loaded."),
          }),
      ),
    [],
  );
  useEffect(() => {
    let cancelled = false;
    api.passkeys().then(
      (list) => !cancelled && setListing({ status: "ready", ...list }),
      (error: unknown) =>
        !cancelled &&
        setListing({
          status: "error",
          message: words(error, "Your passkeys could not be loaded."),
        }),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const changed = async () => {
    await Promise.all([load(), onPasskeysChange()]);
  };

  return (
    <main className="page account-page" id={MAIN_ID} tabIndex={-1}>
      <h1 className="page-title" ref={headingRef} tabIndex={-1}>
        Account
      </h1>
      {passkeys === 0 && (
        <p className="account-page__guest" role="note">
          You are signed in as a guest: only this browser&rsquo;s cookie knows who you are. Add a
          passkey to keep your workspaces when you sign out, clear cookies or use another device.
        </p>
      )}
      <div className="account-page__sections">
        <PasskeysSection listing={listing} onChange={changed} onCodes={setCodes} />
        <RecoveryCodesSection
          left={listing.status === "ready" ? listing.recoveryCodesLeft : undefined}
          hasPasskey={passkeys > 0}
          onCodes={async (fresh) => {
            setCodes(fresh);
            await load();
          }}
        />
        {/* Accounts (issue 18 items 3 and 5) adds "Sessions" and "Delete account" here. */}
        {children}
      </div>
      <RecoveryCodesDialog codes={codes} onClose={() => setCodes([])} />
    </main>
  );
}

function PasskeysSection({
  listing,
  onChange,
  onCodes,
}: {
  listing: Listing;
  onChange: () => Promise<void>;
  onCodes: (codes: string[]) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const supported = passkeysSupported();

  async function add() {
    setBusy(true);
    setProblem(undefined);
    try {
      const registered = await addPasskey(suggestedPasskeyName());
      if (registered.recoveryCodes.length > 0) onCodes(registered.recoveryCodes);
      await onChange();
    } catch (error) {
      setProblem(words(error, "The passkey could not be added. Try again."));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="account-section" aria-labelledby="account-passkeys">
      <h2 className="section-title" id="account-passkeys">
        Passkeys
      </h2>
      <p className="account-section__about">
        Sign in with your fingerprint, face or device PIN instead of a password. Quire keeps only
        each passkey&rsquo;s public key.
      </p>
      {listing.status === "loading" && <p className="empty-state">Loading your passkeys…</p>}
      {listing.status === "error" && (
        <p className="form-problem" role="alert">
          {listing.message}
        </p>
      )}
      {listing.status === "ready" && listing.passkeys.length === 0 && (
        <p className="empty-state">No passkeys yet.</p>
      )}
      {listing.status === "ready" && listing.passkeys.length > 0 && (
        <ul className="account-list" aria-label="Passkeys">
          {listing.passkeys.map((passkey) => (
            <PasskeyRow
              key={passkey.id}
              passkey={passkey}
              last={listing.passkeys.length === 1}
              onChange={onChange}
            />
          ))}
        </ul>
      )}
      {problem && (
        <p className="form-problem" role="alert">
          {problem}
        </p>
      )}
      <button
        type="button"
        className="button button--primary"
        disabled={busy || !supported}
        onClick={() => void add()}
      >
        Add a passkey
      </button>
      {!supported && <p className="empty-state">This browser cannot make passkeys.</p>}
    </section>
  );
}

function PasskeyRow({
  passkey,
  last,
  onChange,
}: {
  passkey: PasskeyInfo;
  last: boolean;
  onChange: () => Promise<void>;
}) {
  const [renaming, setRenaming] = useState(false);
  const [removing, setRemoving] = useState(false);
  return (
    <li className="account-list__item">
      <div className="account-list__text">
        <span className="account-list__name">{passkey.name}</span>
        <span className="account-list__meta">
          Added {dateFormat.format(passkey.createdAt)} ·{" "}
          {passkey.lastUsedAt === null
            ? "never used to sign in"
            : `last used ${dateFormat.format(passkey.lastUsedAt)}`}
        </span>
      </div>
      <div className="account-list__actions">
        <button
          type="button"
          className="button button--small"
          aria-label={`Rename ${passkey.name}`}
          onClick={() => setRenaming(true)}
        >
          Rename
        </button>
        <button
          type="button"
          className="button button--small"
          aria-label={`Remove ${passkey.name}`}
          onClick={() => setRemoving(true)}
        >
          Remove
        </button>
      </div>
      {renaming && (
        <RenameDialog passkey={passkey} onOpenChange={setRenaming} onRenamed={onChange} />
      )}
      <ConfirmDialog
        open={removing}
        onOpenChange={setRemoving}
        title={`Remove ${passkey.name}?`}
        description={
          last
            ? "It is your only passkey: without it you can sign in only with a recovery code, and signing out of this browser may lose your workspaces."
            : "It will no longer sign you in. Your other passkeys still do."
        }
        confirmLabel="Remove passkey"
        destructive
        onConfirm={async () => {
          try {
            await api.removePasskey({ params: { passkey: passkey.id } });
          } catch (error) {
            throw new Error(words(error, "The passkey could not be removed. Try again."));
          }
          await onChange();
        }}
      />
    </li>
  );
}

/** Mounted while open, so each opening starts from the passkey's current name. */
function RenameDialog({
  passkey,
  onOpenChange,
  onRenamed,
}: {
  passkey: PasskeyInfo;
  onOpenChange: (open: boolean) => void;
  onRenamed: () => Promise<void>;
}) {
  const [name, setName] = useState(passkey.name);
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    try {
      await api.renamePasskey({ params: { passkey: passkey.id }, body: { name } });
      await onRenamed();
      onOpenChange(false);
    } catch (error) {
      setProblem(words(error, "The passkey could not be renamed. Try again."));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title="Rename passkey" open onOpenChange={onOpenChange}>
      <form className="stack-form" onSubmit={submit}>
        <label className="field-label" htmlFor={`rename-${passkey.id}`}>
          Name
        </label>
        <input
          id={`rename-${passkey.id}`}
          className="text-input"
          value={name}
          maxLength={MAX_PASSKEY_NAME_LENGTH}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `rename-${passkey.id}-problem` : undefined}
          onChange={(event) => {
            setName(event.target.value);
            setProblem(undefined);
          }}
        />
        {problem && (
          <p id={`rename-${passkey.id}-problem`} className="form-problem" role="alert">
            {problem}
          </p>
        )}
        <div className="dialog__actions">
          <button className="button button--primary" type="submit" disabled={busy || !name.trim()}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function RecoveryCodesSection({
  left,
  hasPasskey,
  onCodes,
}: {
  left: number | undefined;
  hasPasskey: boolean;
  onCodes: (codes: string[]) => Promise<void>;
}) {
  const [confirming, setConfirming] = useState(false);
  return (
    <section className="account-section" aria-labelledby="account-recovery">
      <h2 className="section-title" id="account-recovery">
        Recovery codes
      </h2>
      <p className="account-section__about">
        {hasPasskey
          ? left === undefined
            ? "Each code signs you in once if you lose your passkeys."
            : `${left} unused ${left === 1 ? "code" : "codes"}. Each signs you in once if you lose your passkeys.`
          : "Your first passkey comes with recovery codes: each signs you in once if you lose your passkeys."}
      </p>
      <button
        type="button"
        className="button"
        disabled={!hasPasskey}
        onClick={() => setConfirming(true)}
      >
        Make new codes
      </button>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Make new recovery codes?"
        description="Every earlier code stops working, used or not. You will see the new ones once."
        confirmLabel="Make new codes"
        onConfirm={async () => {
          try {
            const { recoveryCodes } = await api.regenerateRecoveryCodes();
            await onCodes(recoveryCodes);
          } catch (error) {
            throw new Error(words(error, "New codes could not be made. Try again."));
          }
        }}
      />
    </section>
  );
}
