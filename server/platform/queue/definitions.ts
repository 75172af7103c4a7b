import { z } from 'zod';

/**
 * Queues by kind of work, each with its own BullMQ worker and slots: deadlines (openings, closes, draws,
 * timeouts) never wait behind background work, and long analytical scans (risk rules) have a queue of
 * their own so they cannot take the background slots either.
 */
export const queueNames = ['deadlines', 'background', 'risk'] as const;
export type QueueName = (typeof queueNames)[number];

/** Jobs each queue's worker runs at once, unless the deployment says otherwise. */
export const defaultConcurrency: Record<QueueName, number> = { deadlines: 4, background: 4, risk: 1 };

export interface JobSpec<P extends z.ZodType = z.ZodType> {
  name: string;
  queue: QueueName;
  payload: P;
  /**
   * Durable jobs are backed by a scheduled_jobs row (deadlines: bid opening, auction close, order
   * confirmation timeout). Their runner does the work and marks the row done in one transaction.
   */
  durable: boolean;
  /** Repeat every N seconds (maintenance), scheduled by the worker at start. */
  everySeconds?: number;
}

export const defineJob = <P extends z.ZodType>(spec: JobSpec<P>): JobSpec<P> => spec;

/** Every job the platform knows: name → queue → payload schema. Processors live in workers/processors. */
export const platformJobs = {
  'sessions.purge': defineJob({ name: 'sessions.purge', queue: 'background', payload: z.object({}), durable: false, everySeconds: 3600 }),
  'audit.verify': defineJob({ name: 'audit.verify', queue: 'background', payload: z.object({}), durable: false, everySeconds: 24 * 3600 }),
  /** Chains the audit entries business transactions appended unsequenced (server/platform/audit.ts sequenceAudit). */
  'audit.sequence': defineJob({ name: 'audit.sequence', queue: 'background', payload: z.object({}), durable: false, everySeconds: 2 }),
  /** Gives the open-data releases business transactions appended their seqs (modules/ocds/ocds.store.ts sequenceReleases). */
  'ocds.sequence': defineJob({ name: 'ocds.sequence', queue: 'background', payload: z.object({}), durable: false, everySeconds: 2 }),
  /** A signed checkpoint of the audit chain's head, hourly (server/platform/audit-anchor.ts). */
  'audit.checkpoint': defineJob({
    name: 'audit.checkpoint',
    queue: 'background',
    payload: z.object({}),
    durable: false,
    everySeconds: 600,
  }),
  /** A signed checkpoint after an event that must be anchored at once (a tender opening); keyed by the event. */
  'audit.checkpoint.event': defineJob({
    name: 'audit.checkpoint.event',
    queue: 'background',
    payload: z.object({ reason: z.string().min(1).max(200) }),
    durable: true,
  }),
} as const;

export type PlatformJobName = keyof typeof platformJobs;
export type JobPayload<N extends PlatformJobName> = z.infer<(typeof platformJobs)[N]['payload']>;
