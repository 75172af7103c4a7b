import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// semver is npm's own range language; it is in the tree through many packages.
const semver = createRequire(import.meta.url)('semver') as {
  minVersion(r: string): { version: string } | null;
  satisfies(v: string, r: string): boolean;
};
const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;

describe('a clean install', () => {
  it('locks no package that asks for a newer Node than package.json engines allows (npm would warn EBADENGINE)', () => {
    const engines = (read('package.json').engines as { node: string }).node;
    const lowest = semver.minVersion(engines)!.version;
    const packages = read('package-lock.json').packages as Record<string, { version?: string; engines?: { node?: unknown } }>;
    const refused = Object.entries(packages)
      .filter(([name, p]) => name && typeof p.engines?.node === 'string' && !semver.satisfies(lowest, p.engines.node))
      .map(([name, p]) => `${name}@${p.version} needs node ${String(p.engines!.node)}`);
    expect(refused).toEqual([]);
  });
});
