// notify() writes any number of notices in one statement, sending each distinct wording once: every
// recipient must still get exactly its own words, facts and link, in the order given.
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { notifications } from '../../server/db/schema/index.ts';
import { notify } from '../../server/modules/notifications/notifications.service.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { createOrg, createUser } from '../helpers/factories.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

it('gives each recipient its own wording when many share a few', async () => {
  const { db } = ctx.database;
  const orgs = await Promise.all(Array.from({ length: 5 }, () => createOrg(db, 'supplier')));
  const person = await createUser(db, orgs[0]!.id, ['supplier']);
  const opened = {
    kind: 'tender.opened' as const,
    title: '已开标：T-1',
    body: '已开标。',
    params: { tenderNo: 'T-1' },
    link: '/supplier/tenders/1',
  };
  const rejected = { ...opened, body: '已开标。你单位有投标未通过开标审查。', params: { tenderNo: 'T-1', variant: 'rejected' } };
  await notify(db, [
    { ...opened, organizationId: orgs[0]!.id },
    { ...rejected, organizationId: orgs[1]!.id },
    { ...opened, organizationId: orgs[2]!.id },
    { ...opened, organizationId: orgs[0]!.id, userId: person.id, link: null },
    { kind: 'tender.failed', title: '项目流标：T-1', body: '流标。', organizationId: orgs[3]!.id },
    { ...rejected, organizationId: orgs[4]!.id },
  ]);
  const rows = await db
    .select()
    .from(notifications)
    .where(
      inArray(
        notifications.organizationId,
        orgs.map((o) => o.id),
      ),
    );
  const of = (orgIndex: number, userId: string | null = null) =>
    rows.filter((r) => r.organizationId === orgs[orgIndex]!.id && r.userId === userId);
  expect(rows).toHaveLength(6);
  expect(of(0)).toMatchObject([{ kind: 'tender.opened', body: '已开标。', link: '/supplier/tenders/1', params: { tenderNo: 'T-1' } }]);
  expect(of(0, person.id)).toMatchObject([{ kind: 'tender.opened', body: '已开标。', link: null }]);
  expect(of(1)).toMatchObject([{ body: rejected.body, params: { variant: 'rejected' } }]);
  expect(of(2)).toMatchObject([{ body: '已开标。' }]);
  expect(of(3)).toMatchObject([{ kind: 'tender.failed', title: '项目流标：T-1', link: null, params: null }]);
  expect(of(4)).toMatchObject([{ body: rejected.body }]);
  await notify(db, []); // nothing to say: no statement, no error
});
