import { Link } from "../components/link.tsx";

/** Props of `NotFoundPage`. */
export interface NotFoundPageProps {
  pathname: string;
}

/** Any path the app does not know. */
export function NotFoundPage({ pathname }: NotFoundPageProps) {
  return (
    <main className="page page--centered">
      <h1 className="page-title">Page not found</h1>
      <p className="lede">
        There is nothing at <code className="inline-code">{pathname}</code>.
      </p>
      <Link className="button" href="/">
        Go to the home page
      </Link>
    </main>
  );
}
