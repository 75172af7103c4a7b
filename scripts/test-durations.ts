// Writes test/durations.json from the last run's test/artifacts/timeline.json (test/helpers/timeline-reporter.ts):
// each file's seconds, which test/helpers/sequencer.ts reads to start the longest files first. Refresh it after a
// full `npm test` on the CI machine when files are added or their length changes much.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..');
const { spans } = JSON.parse(await readFile(path.join(repoRoot, 'test/artifacts/timeline.json'), 'utf8')) as {
  spans: { project: string; file: string; start: number; end: number }[];
};
const table = Object.fromEntries(
  spans.map((s) => [`${s.project}:${s.file}`, Math.round((s.end - s.start) / 100) / 10] as const).sort((a, b) => b[1] - a[1]),
);
await writeFile(path.join(repoRoot, 'test/durations.json'), `${JSON.stringify(table, null, 2)}\n`);
console.log(`test/durations.json: ${Object.keys(table).length} files`);
