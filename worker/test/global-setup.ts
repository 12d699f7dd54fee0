import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import type { TestProject } from "vitest/node";

import { TRACE_NAMES } from "./provided.ts";

/**
 * Runs in Node before the workers tests: reads the gzipped traces (workerd
 * has no file system) and hands them to the tests through `inject("traces")`.
 */
export default function setup(project: TestProject): void {
  const traces = Object.fromEntries(
    TRACE_NAMES.map((name) => {
      const path = new URL(`../../bench/traces/${name}.json.gz`, import.meta.url);
      return [name, gunzipSync(readFileSync(path)).toString("utf8")];
    }),
  ) as Record<(typeof TRACE_NAMES)[number], string>;
  project.provide("traces", traces);
}
