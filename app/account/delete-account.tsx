import { useState } from "react";
import type { AccountSummary } from "../../shared/api/account.ts";
import { ConfirmDialog } from "../components/dialog.tsx";
import { api } from "../lib/api.ts";
import "./account-sections.css";

/** "Mine", "Mine and Solo", "Mine, Solo and Old". */
export function namesInWords(names: readonly string[]): string {
  const quoted = names.map((name) => `“${name}”`);
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} and ${quoted.at(-1)}`;
}

/**
 * "Delete account" on the account page (issue 18 item 5). The confirmation
 * names every workspace the person alone owns, because those go with the
 * account for everyone in them; the server refuses unless each is confirmed
 * by id. The others are left. Then this browser is signed out.
 */
export function DeleteAccountSection({ onDeleted }: { onDeleted: () => Promise<void> }) {
  const [summary, setSummary] = useState<AccountSummary | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const ask = async () => {
    setProblem(undefined);
    try {
      setSummary(await api.account());
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  const sole = summary?.soleOwned ?? [];
  const leaving = summary ? summary.workspaces - sole.length : 0;
  return (
    <section className="account-section" aria-labelledby="delete-account-title">
      <h2 className="section-title" id="delete-account-title">
        Delete account
      </h2>
      <p className="account-section__about">
        Your name, sessions and memberships go for good. Workspaces you alone own go with it, unless
        you make someone else an owner first.
      </p>
      {problem && (
        <p className="form-problem" role="alert">
          {problem}
        </p>
      )}
      <div className="account-section__buttons">
        <button type="button" className="button button--danger" onClick={() => void ask()}>
          Delete account…
        </button>
      </div>
      <ConfirmDialog
        open={summary !== undefined}
        onOpenChange={(open) => !open && setSummary(undefined)}
        title="Delete your account for good?"
        description={
          <>
            {sole.length > 0
              ? `You are the only owner of ${namesInWords(sole.map((w) => w.name))}: ${
                  sole.length === 1 ? "it is" : "they are"
                } deleted with your account, for everyone in ${sole.length === 1 ? "it" : "them"}. To keep one, cancel and make someone else an owner first. `
              : ""}
            {leaving > 0
              ? `You leave the other ${leaving === 1 ? "workspace" : `${leaving} workspaces`}. `
              : ""}
            This cannot be undone.
          </>
        }
        confirmLabel={
          sole.length > 0
            ? `Delete my account and ${sole.length === 1 ? "1 workspace" : `${sole.length} workspaces`}`
            : "Delete my account"
        }
        destructive
        onConfirm={async () => {
          await api.deleteAccount({ body: { deleteWorkspaces: sole.map((w) => w.id) } });
          await onDeleted();
        }}
      />
    </section>
  );
}
