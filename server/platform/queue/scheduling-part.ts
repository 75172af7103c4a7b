import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { jsonRows } from '../../db/columns.ts';
import { scheduledJobs } from '../../db/schema/index.ts';
import type { JobSpec } from './definitions.ts';
import { JobRegistryError } from './processors.ts';

/**
 * `JobSystem.schedule` for several deadlines as one part of the caller's statement (server/db/one-statement.ts):
 * `statement` records them (or moves a pending one) and returns their rows. The statement's final select
 * returns those rows as JSON (`jsonb_agg(to_jsonb(…))`) and the clock (`scheduledClockSql`); `written` reads
 * them back for `JobSystem.handOverAfter`, which hands the pending ones to BullMQ after the commit.
 */
export function schedulingPart<P extends z.ZodType>(
  spec: JobSpec<P>,
  inputs: readonly { key: string; runAt: Date; payload: z.infer<P> }[],
) {
  if (!spec.durable) throw new JobRegistryError(`job "${spec.name}" is not durable: use enqueue()`);
  const rows = inputs.map((i) => ({ id: `${spec.name}:${i.key}`, payload: JSON.stringify(spec.payload.parse(i.payload)), runAt: i.runAt }));
  const statement = sql`
    insert into ${scheduledJobs} as j (id, name, payload, run_at)
    select s.id, ${spec.name}::text, s.payload, s.run_at
      from unnest(${sql.param(rows.map((r) => r.id))}::text[], ${sql.param(rows.map((r) => r.payload))}::jsonb[],
                  ${sql.param(rows.map((r) => r.runAt.toISOString()))}::timestamptz[]) as s(id, payload, run_at)
    on conflict (id) do update set run_at = excluded.run_at, payload = excluded.payload where j.status = 'pending'
    returning j.*`;
  const written = (returned: unknown, clock: { now: string; offsetMs: string | number }) => ({
    rows: jsonRows(scheduledJobs, returned),
    clock: { now: new Date(clock.now), offsetMs: Number(clock.offsetMs) },
  });
  return { statement, written };
}
