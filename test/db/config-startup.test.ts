import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// Starts the real server process (seconds under tsx, more on a busy machine): no rule to unit-test here,
// so it sits with the tests that start things, and test/unit keeps its seconds.
const run = promisify(execFile);

describe('configuration', () => {
  it('stops `npm start` with a message naming each wrong variable', async () => {
    const result = await run('npx', ['tsx', 'server/main.ts'], {
      env: { ...process.env, SESSION_IDLE_MINUTES: '0', SANDBOX_ACCELERATOR: '1', DATABASE_URL: '' },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('SESSION_IDLE_MINUTES');
    expect(result.stderr).toMatch(/SANDBOX_ACCELERATOR: 须不小于 2/);
  });
});
