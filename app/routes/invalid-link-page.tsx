import { Link } from "../components/link.tsx";

/** A `/w/...` link whose ids are malformed (mistyped or cut short). */
export function InvalidLinkPage({ address }: { address: string }) {
  return (
    <main className="page page--centered">
      <h1 className="page-title">This link is not a valid Quire address</h1>
      <p className="lede">
        <code className="inline-code">{address}</code> looks cut short or mistyped. Ask for the link
        again.
      </p>
      <Link className="button" href="/">
        Go to your workspaces
      </Link>
    </main>
  );
}
