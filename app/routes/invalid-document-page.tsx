import { Link } from "../components/link.tsx";

/** Props of `InvalidDocumentPage`. */
export interface InvalidDocumentPageProps {
  /** The id part of the link as it was opened. */
  address: string;
}

/**
 * Shown for `/d/<id>` when the id cannot be a document id: usually a link cut
 * short when it was copied, so the page says so instead of opening an editor.
 */
export function InvalidDocumentPage({ address }: InvalidDocumentPageProps) {
  return (
    <main className="page page--centered">
      <h1 className="page-title">This link is not a valid document address</h1>
      <p className="lede">
        {address ? (
          <>
            <code className="inline-code">{address}</code> is not a document id.{" "}
          </>
        ) : null}
        A document link ends in a 22-character id. Check that the whole link was copied.
      </p>
      <Link className="button" href="/">
        Go to the home page
      </Link>
    </main>
  );
}
