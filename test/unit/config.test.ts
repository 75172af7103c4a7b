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
});
