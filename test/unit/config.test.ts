import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, configSchema, loadConfig } from '../../server/config.ts';

const run = promisify(execFile);

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

  it('stops `npm start` with a message naming the variable', async () => {
    const result = await run('npx', ['tsx', 'server/main.ts'], {
      env: { ...process.env, SESSION_IDLE_MINUTES: '0', DATABASE_URL: '' },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('SESSION_IDLE_MINUTES');
  });
});
