import type { z } from 'zod';
import type { Db, Tx } from '../../db/client.ts';
import type { AfterCommit } from '../../db/tx.ts';
import type { JobSystem } from './job-system.ts';
import type { JobSpec } from './definitions.ts';

/** What a job's processor is and gets; the job system (job-system.ts) runs them. */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ProcessorContext {
  db: Db;
  /** For durable jobs: the transaction that also marks the scheduled row done. */
  tx: Tx | null;
  afterCommit: AfterCommit;
  jobs: JobSystem;
  log: Logger;
  jobId: string;
}

export interface Processor<P extends z.ZodType = z.ZodType> {
  spec: JobSpec<P>;
  run(payload: z.infer<P>, ctx: ProcessorContext): Promise<void>;
}

export const defineProcessor = <P extends z.ZodType>(
  spec: JobSpec<P>,
  run: (payload: z.infer<P>, ctx: ProcessorContext) => Promise<void>,
): Processor<P> => ({ spec, run });

export class JobRegistryError extends Error {}

/**
 * Startup refuses a registry where a job has no processor, two processors, or a processor for a job
 * nobody declared: a deadline whose job cannot run must fail loudly at start, not silently at 3 a.m.
 */
export function validateRegistry(specs: JobSpec[], processors: Processor[]): void {
  const problems: string[] = [];
  const declared = new Map<string, number>();
  for (const spec of specs) declared.set(spec.name, (declared.get(spec.name) ?? 0) + 1);
  for (const [name, n] of declared) if (n > 1) problems.push(`job "${name}" is declared ${n} times`);
  const handled = new Map<string, number>();
  for (const p of processors) handled.set(p.spec.name, (handled.get(p.spec.name) ?? 0) + 1);
  for (const name of declared.keys()) {
    const n = handled.get(name) ?? 0;
    if (n === 0) problems.push(`job "${name}" has no processor`);
    if (n > 1) problems.push(`job "${name}" has ${n} processors`);
  }
  for (const name of handled.keys()) if (!declared.has(name)) problems.push(`processor for undeclared job "${name}"`);
  if (problems.length > 0) throw new JobRegistryError(`Job registry is invalid: ${problems.join('; ')}`);
}
