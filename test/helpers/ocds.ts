import fs from 'node:fs';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';

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
