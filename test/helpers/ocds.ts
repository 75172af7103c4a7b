import fs from 'node:fs';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { expect } from 'vitest';

// CommonJS packages: their classes are the default export's `default`.
const Ajv = AjvDraft04.default;
const addFormats = ajvFormats.default;

/** Validators for the shipped OCDS 1.1.5 schemas (draft-04), as a publisher would check its output. */
const dir = path.resolve(import.meta.dirname, '../fixtures/ocds-1.1.5');
const load = (name: string) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as Record<string, unknown>;
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
ajv.addSchema(load('release-schema.json'));
ajv.addSchema(load('versioned-release-validation-schema.json'));
export const validateRelease = ajv.getSchema('https://standard.open-contracting.org/schema/1__1__5/release-schema.json')!;
export const validateReleasePackage = ajv.compile(load('release-package-schema.json'));
export const validateRecordPackage = ajv.compile(load('record-package-schema.json'));
export const errorsOf = (v: { errors?: unknown }) => JSON.stringify(v.errors ?? [], null, 1).slice(0, 2000);

/**
 * Follows `GET /api/ocds/releases` from the start to the head, as a consumer does: every page a valid
 * release package, no release twice, the feed ending. Returns the releases seen, as `ocid/id`.
 */
export async function followWholeFeed(get: (url: string) => Promise<{ statusCode: number; body: string; json: () => unknown }>) {
  const seen = new Set<string>();
  let url: string | null = '/api/ocds/releases?limit=100';
  for (let pages = 0; url && pages < 5000; pages++) {
    const res = await get(url.replace(/^https?:\/\/[^/]+/, ''));
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const body = res.json() as { releases: { ocid: string; id: string }[]; links: { next: string | null } };
    expect(validateReleasePackage(body), errorsOf(validateReleasePackage)).toBe(true);
    for (const r of body.releases) {
      expect(seen.has(`${r.ocid}/${r.id}`), r.id).toBe(false);
      seen.add(`${r.ocid}/${r.id}`);
    }
    url = body.links.next;
  }
  expect(url).toBeNull();
  return seen;
}
