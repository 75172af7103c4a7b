import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, configSchema, loadConfig } from '../../server/config.ts';

describe('configuration', () => {
  it('gives every variable a description and defaults for the embedded start', () => {
    for (const [name, schema] of Object.entries(configSchema.shape)) expect(schema.description, name).toBeTruthy();
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, DATA_DIR: '.data', RUN_WORKERS: true, DEMO_DATA: true });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('names the variable when a value is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty', REDIS_URL: 'not a url' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', REDIS_URL: 'not a url' });
    } catch (error) {
      expect((error as ConfigError).issues.map((i) => i.variable).sort()).toEqual(['PORT', 'REDIS_URL']);
    }
  });

  it('in production defaults to no demo data and Secure cookies, and requires the shared services and strong secrets, by name', () => {
    const strong = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://jicai:Vq8-long-random-pass@db:5432/jicai',
      REDIS_URL: 'redis://redis:6379',
      SEAL_KEY: randomBytes(32).toString('base64'),
      AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    };
    expect(loadConfig(strong)).toMatchObject({ DEMO_DATA: false, COOKIE_SECURE: true });
    // Set explicitly, they stand (a staging instance with demo data behind plain HTTP).
    expect(loadConfig({ ...strong, DEMO_DATA: 'true', COOKIE_SECURE: 'false' })).toMatchObject({ DEMO_DATA: true, COOKIE_SECURE: false });
    const problems = (env: Record<string, string | undefined>) => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        return (error as ConfigError).issues.map((i) => i.variable).sort();
      }
    };
    expect(problems({ NODE_ENV: 'production' })).toEqual(['AUDIT_SIGNING_KEY', 'DATABASE_URL', 'REDIS_URL', 'SEAL_KEY']);
    expect(problems({ ...strong, DATABASE_URL: 'postgres://jicai:jicai@db:5432/jicai' })).toEqual(['DATABASE_URL']);
    expect(problems({ ...strong, SEAL_KEY: Buffer.alloc(32).toString('base64') })).toEqual(['SEAL_KEY']);
    expect(problems({ ...strong, MEILI_HOST: 'http://meili:7700', MEILI_API_KEY: 'change-me-please-32-characters-long' })).toEqual([
      'MEILI_API_KEY',
    ]);
    // Outside production the embedded default needs none of it.
    expect(problems({ NODE_ENV: 'development' })).toEqual([]);
  });
});

describe('retired keys (a rotation)', () => {
  it('parses SEAL_KEYS_RETIRED and AUDIT_SIGNING_KEYS_RETIRED as comma-separated lists and names either when an entry is wrong', () => {
    const seal = randomBytes(32).toString('base64');
    const audit = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    expect(loadConfig({ SEAL_KEYS_RETIRED: ` ${seal}, ${seal} `, AUDIT_SIGNING_KEYS_RETIRED: audit })).toMatchObject({
      SEAL_KEYS_RETIRED: [seal, seal],
      AUDIT_SIGNING_KEYS_RETIRED: [audit],
    });
    expect(loadConfig({ SEAL_KEYS_RETIRED: '' }).SEAL_KEYS_RETIRED).toEqual([]);
    // A private key where the public one belongs, and a seal key of the wrong length, are refused by name.
    const privateKey = generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    try {
      loadConfig({ SEAL_KEYS_RETIRED: `${seal},c2hvcnQ=`, AUDIT_SIGNING_KEYS_RETIRED: privateKey });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).issues.map((i) => i.variable).sort()).toEqual(['AUDIT_SIGNING_KEYS_RETIRED', 'SEAL_KEYS_RETIRED']);
    }
  });
});
