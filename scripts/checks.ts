// The static checks `npm test` runs before the suite: both type-checks, the linter and the formatter, side by
// side rather than one after another. Each one's output is printed whole when it ends, under its
// name and time; the script fails if any of them failed, after all have ended.
import { spawn } from 'node:child_process';

/** The package.json scripts run, each the one definition of its check. */
const checks = ['typecheck:server', 'typecheck:web', 'lint', 'format:check'];

function run(check: string): Promise<boolean> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', check], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const text = Buffer.concat(output).toString().trim();
      console.log(`${code === 0 ? '✓' : '✗'} ${check} (${seconds} s)${text ? `\n${text}` : ''}`);
      resolve(code === 0);
    });
  });
}

// All four at once: on two cores that measured 109 s against 127 s one after another (each already uses more
// than one thread for a while, so two at a time gained nothing).
const results = await Promise.all(checks.map(run));
if (!results.every(Boolean)) {
  console.error('static checks failed (above)');
  process.exit(1);
}
