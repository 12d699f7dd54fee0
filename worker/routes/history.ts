import { strToU8, zipSync } from "fflate";
import { contract } from "../../shared/api/contract.ts";
import { objectFor } from "../lib/placement.ts";
import { unwrap } from "../lib/outcome.ts";
import { type Route, route } from "../router.ts";
import { enter, enterFile, idParam } from "./access.ts";

/**
 * A file's version history (list, save, preview, restore) and export: one
 * file as text, one project as a zip. Every member may read and export;
 * saving and restoring need an editor (the document checks, and checks the
 * lock).
 */

/** How many documents a project export reads at once. */
const EXPORT_CONCURRENCY = 8;

export const historyRoutes: Route[] = [
  route(contract.versions, async (route) => {
    const { document } = await enterFile(route);
    return { versions: await document.versions() };
  }),
  route(contract.saveVersion, async (route) => {
    const { document, caller } = await enterFile(route);
    const { name } = await route.body();
    return unwrap(await document.saveVersion(caller, name));
  }),
  route(contract.version, async (route) => {
    const versionId = idParam(route, "version");
    const { document } = await enterFile(route);
    return unwrap(await document.version(versionId));
  }),
  route(contract.restoreVersion, async (route) => {
    const versionId = idParam(route, "version");
    const { document, caller } = await enterFile(route);
    return unwrap(await document.restoreVersion(caller, versionId));
  }),
  route(contract.exportFile, async (route) => {
    const { document } = await enterFile(route);
    const project = objectFor(route.env.PROJECTS, idParam(route, "project"));
    const file = unwrap(await project.file(idParam(route, "file")));
    return new Response(await document.exportText(), {
      headers: {
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Disposition": attachment(baseName(file.path)),
      },
    });
  }),
  route(contract.exportProject, async (route) => {
    const { caller, workspace, projectId } = await enter(route, { project: true });
    const project = unwrap(await workspace.project(caller, projectId));
    const entries: Record<string, Uint8Array> = {};
    const files = [...project.files];
    // A few documents at a time: each read may wake a sleeping object.
    while (files.length > 0) {
      const batch = files.splice(0, EXPORT_CONCURRENCY);
      const texts = await Promise.all(
        batch.map((file) => objectFor(route.env.DOCUMENTS, file.id).exportText()),
      );
      batch.forEach((file, index) => (entries[file.path] = strToU8(texts[index]!)));
    }
    return new Response(zipSync(entries, { level: 6 }), {
      headers: {
        "Content-Type": "application/zip",
        "Content-Disposition": attachment(`${project.name}.zip`),
      },
    });
  }),
];

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** A download's header: an ASCII fallback name and the exact one (RFC 6266 / 5987). */
function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
