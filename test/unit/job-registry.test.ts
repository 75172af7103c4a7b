import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJob } from '../../server/platform/queue/definitions.ts';
import { defineProcessor, JobRegistryError, validateRegistry, type Processor } from '../../server/platform/queue/job-system.ts';

// Declarations only: the registry check needs no queue, no worker and no database.
const deadlineJob = defineJob({ name: 'test.deadline', queue: 'deadlines', payload: z.object({ key: z.string() }), durable: true });
const backgroundJob = defineJob({ name: 'test.background', queue: 'background', payload: z.object({ key: z.string() }), durable: false });

describe('job registry', () => {
  it('refuses a job with no processor, with two, or a processor for an undeclared job', () => {
    const run = async () => undefined;
    expect(() => validateRegistry([deadlineJob, backgroundJob], [defineProcessor(deadlineJob, run)] as Processor[])).toThrow(
      /"test.background" has no processor/,
    );
    expect(() =>
      validateRegistry([deadlineJob], [defineProcessor(deadlineJob, run), defineProcessor(deadlineJob, run)] as Processor[]),
    ).toThrow(/has 2 processors/);
    expect(() =>
      validateRegistry([deadlineJob], [defineProcessor(deadlineJob, run), defineProcessor(backgroundJob, run)] as Processor[]),
    ).toThrow(JobRegistryError);
  });
});
