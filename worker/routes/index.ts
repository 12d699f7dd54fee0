import type { Route } from "../router.ts";
import { accountRoutes } from "./account.ts";
import { commentRoutes } from "./comments.ts";
import { documentRoutes } from "./documents.ts";
import { historyRoutes } from "./history.ts";
import { memberRoutes, meRoutes, visitorRoutes } from "./members.ts";
import { passkeyRoutes } from "./passkeys.ts";
import { projectRoutes } from "./projects.ts";
import { searchRoutes } from "./search.ts";
import { sessionRoutes } from "./session.ts";
import { workspaceRoutes } from "./workspaces.ts";

/** Every endpoint of `shared/api/contract.ts` with its handler (worker/test/contract.test.ts checks none is missing). */
export const routes: readonly Route[] = [
  ...sessionRoutes,
  ...passkeyRoutes,
  ...accountRoutes,
  ...workspaceRoutes,
  ...projectRoutes,
  ...searchRoutes,
  ...documentRoutes,
  ...historyRoutes,
  ...commentRoutes,
  ...memberRoutes,
  ...meRoutes,
  ...visitorRoutes,
];
