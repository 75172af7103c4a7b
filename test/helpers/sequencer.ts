// The order test files start in: the longest first, within each tier, by the durations
// measured on the CI machine (test/durations.json). With two workers, a long file that starts last leaves the
// other worker idle until it ends; longest-first keeps both busy to the end. Vitest's own order does the same
// from its results cache, but a fresh clone (CI) has none and falls back to file size, which says little about
// time (test/db/embedded.test.ts is small and among the longest). A file the table does not know starts first.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Seconds per `<project>:<file>`, as written by scripts/test-durations.ts. */
function measured(): Map<string, number> {
  try {
    const table = JSON.parse(readFileSync(path.join(repoRoot, 'test/durations.json'), 'utf8')) as Record<string, number>;
    return new Map(Object.entries(table));
  } catch {
    return new Map();
  }
}

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const durations = measured();
    const seconds = (spec: TestSpecification) => durations.get(`${spec.project.name}:${path.relative(repoRoot, spec.moduleId)}`) ?? 1e9;
    // Groups and projects keep vitest's order (a group runs after the one before it; a project's files together).
    return [...files].sort(
      (a, b) =>
        a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder ||
        a.project.name.localeCompare(b.project.name) ||
        seconds(b) - seconds(a),
    );
  }
}
