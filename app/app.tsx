import { usePathname } from "./lib/router.ts";
import { DocumentPage } from "./routes/document-page.tsx";
import { HomePage } from "./routes/home-page.tsx";
import { InvalidDocumentPage } from "./routes/invalid-document-page.tsx";
import { matchRoute } from "./routes/match-route.ts";
import { NotFoundPage } from "./routes/not-found-page.tsx";

/** The whole app: picks the page for the current path. */
export function App() {
  const route = matchRoute(usePathname());
  switch (route.kind) {
    case "home":
      return <HomePage />;
    case "document":
      // Keyed so that moving to another document tears down the old socket and doc.
      return <DocumentPage key={route.documentId} documentId={route.documentId} />;
    case "invalid-document":
      return <InvalidDocumentPage address={route.address} />;
    case "not-found":
      return <NotFoundPage pathname={route.pathname} />;
    default: {
      const unreachable: never = route;
      return unreachable;
    }
  }
}
