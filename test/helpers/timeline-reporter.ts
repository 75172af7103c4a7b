// Where a run's time goes: when each test file started and ended on the wall clock, per tier. At the end it
// writes test/artifacts/timeline.json and prints one line per tier: its wall time, the files' summed time, its
// slowest file and when its last file ended (a long file that starts late leaves the other worker idle).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

interface Span {
  project: string;
  file: string;
  start: number;
  end: number;
  failed: boolean;
}

const repoRoot = path.resolve(import.meta.dirname, '../..');

export default class TimelineReporter implements Reporter {
  private readonly started = new Map<string, number>();
  private readonly spans: Span[] = [];
  private readonly runStart = Date.now();

  /** From when a worker takes the file (its import and setup hooks count), to when its last test ended. */
  onTestModuleQueued(testModule: TestModule): void {
    this.started.set(testModule.moduleId, Date.now());
  }

  onTestModuleEnd(testModule: TestModule): void {
    const start = this.started.get(testModule.moduleId) ?? Date.now();
    this.spans.push({
      project: testModule.project.name,
      file: path.relative(repoRoot, testModule.moduleId),
      start: start - this.runStart,
      end: Date.now() - this.runStart,
      failed: testModule.state() === 'failed',
    });
  }

  async onTestRunEnd(): Promise<void> {
    if (this.spans.length === 0) return;
    const dir = path.join(repoRoot, 'test/artifacts');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'timeline.json'), `${JSON.stringify({ spans: this.spans }, null, 1)}\n`);
    const lines: string[] = [];
    for (const project of [...new Set(this.spans.map((s) => s.project))]) {
      const spans = this.spans.filter((s) => s.project === project);
      const first = Math.min(...spans.map((s) => s.start));
      const last = Math.max(...spans.map((s) => s.end));
      const summed = spans.reduce((sum, s) => sum + (s.end - s.start), 0);
      const slowest = spans.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
      lines.push(
        `${project}: ${spans.length} files, wall ${sec(last - first)}, files summed ${sec(summed)}, ` +
          `slowest ${slowest.file} ${sec(slowest.end - slowest.start)}, last ended ${sec(last)} into the run`,
      );
    }
    console.log(`\ntimeline (test/artifacts/timeline.json):\n  ${lines.join('\n  ')}`);
  }
}

function sec(ms: number): string {
  return `${(ms / 1000).toFixed(0)} s`;
}
